// Astronomical quantities for the Vietnamese lunisolar calendar.
//
// Source: Hồ Ngọc Đức, "Computing the Vietnamese lunar calendar" (Thuật toán tính âm lịch),
// https://www.informatik.uni-leipzig.de/~duc/amlich/calrules_v02.html, which uses the formulas of
// Jean Meeus, "Astronomical Algorithms" (Willmann-Bell, 1998): the mean new moon with the principal
// periodic terms, a ΔT (TT − UT) polynomial, and the Sun's apparent longitude to low precision
// (≈0.01°). Written afresh here in TypeScript from the published formulas; the accuracy is ample
// for 1900–2100, where the month boundaries it yields agree with published Vietnamese calendars.

const DEG = Math.PI / 180;
const TWO_PI = Math.PI * 2;

/** Julian Day Number of 1970-01-01 (noon-based JDN of the civil day). */
export const JDN_UNIX_EPOCH = 2_440_588;

/** Julian Date (UT) of the k-th new moon after the one of 1900-01-01 (JD 2415021.077). */
export function newMoonJd(k: number): number {
  const t = k / 1236.85; // Julian centuries from 1900-01-00.5
  const t2 = t * t;
  const t3 = t2 * t;
  const mean =
    2415020.75933 + 29.53058868 * k + 0.0001178 * t2 - 0.000000155 * t3 +
    0.00033 * Math.sin((166.56 + 132.87 * t - 0.009173 * t2) * DEG);
  const sunAnomaly = (359.2242 + 29.10535608 * k - 0.0000333 * t2 - 0.00000347 * t3) * DEG;
  const moonAnomaly = (306.0253 + 385.81691806 * k + 0.0107306 * t2 + 0.00001236 * t3) * DEG;
  const latitudeArg = (21.2964 + 390.67050646 * k - 0.0016528 * t2 - 0.00000239 * t3) * DEG;
  const correction =
    (0.1734 - 0.000393 * t) * Math.sin(sunAnomaly) +
    0.0021 * Math.sin(2 * sunAnomaly) -
    0.4068 * Math.sin(moonAnomaly) +
    0.0161 * Math.sin(2 * moonAnomaly) -
    0.0004 * Math.sin(3 * moonAnomaly) +
    0.0104 * Math.sin(2 * latitudeArg) -
    0.0051 * Math.sin(sunAnomaly + moonAnomaly) -
    0.0074 * Math.sin(sunAnomaly - moonAnomaly) +
    0.0004 * Math.sin(2 * latitudeArg + sunAnomaly) -
    0.0004 * Math.sin(2 * latitudeArg - sunAnomaly) -
    0.0006 * Math.sin(2 * latitudeArg + moonAnomaly) +
    0.001 * Math.sin(2 * latitudeArg - moonAnomaly) +
    0.0005 * Math.sin(2 * moonAnomaly + sunAnomaly);
  const deltaT =
    t < -11
      ? 0.001 + 0.000839 * t + 0.0002261 * t2 - 0.00000845 * t3 - 0.000000081 * t * t3
      : -0.000278 + 0.000265 * t + 0.000262 * t2;
  return mean + correction - deltaT;
}

/** The Sun's apparent ecliptic longitude in radians, [0, 2π), at Julian Date jd (UT). */
export function sunLongitude(jd: number): number {
  const t = (jd - 2451545.0) / 36525; // Julian centuries from J2000.0
  const t2 = t * t;
  const anomaly = (357.5291 + 35999.0503 * t - 0.0001559 * t2 - 0.00000048 * t * t2) * DEG;
  const meanLongitude = 280.46645 + 36000.76983 * t + 0.0003032 * t2;
  const centre =
    (1.9146 - 0.004817 * t - 0.000014 * t2) * Math.sin(anomaly) +
    (0.019993 - 0.000101 * t) * Math.sin(2 * anomaly) +
    0.00029 * Math.sin(3 * anomaly);
  const longitude = (meanLongitude + centre) * DEG;
  return longitude - TWO_PI * Math.floor(longitude / TWO_PI);
}

/** The local civil day (JDN) on which the k-th new moon falls, for a zone `hours` east of Greenwich. */
export function newMoonDay(k: number, hours: number): number {
  return Math.floor(newMoonJd(k) + 0.5 + hours / 24);
}

/**
 * The 30° sector (0–11) of the Sun's longitude at local midnight starting the civil day `jdn`.
 * Sector 9 begins at the winter solstice (270°); a month with no change of sector has no
 * major solar term (trung khí).
 */
export function solarSector(jdn: number, hours: number): number {
  return Math.floor((sunLongitude(jdn - 0.5 - hours / 24) / Math.PI) * 6);
}
