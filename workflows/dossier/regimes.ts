// The rules a dossier follows are a versioned regime, chosen by its official receipt time and pinned for its whole
// life (domain spec §1). A regime is data plus a few policies, so Decree 118/2025 can be added beside it without
// touching running dossiers.

export interface Regime {
  code: string;
  name: string;
  /** Official receipt times from this instant on fall under the regime (until the next one). */
  since: string;
  /** Decree 45/2020 Art. 11: office time the officer has to check an online dossier. */
  receptionCheckMinutes: number;
  /** Decree 61/2018 Art. 19: apologies with a new appointment allowed per dossier. */
  maxApologies: number;
  /** Circular 01/2018 forms the regime issues. */
  forms: readonly string[];
}

export const REGIMES: readonly Regime[] = [
  {
    code: 'ND61-2018+ND45-2020',
    name: 'Nghị định 61/2018/NĐ-CP (sửa đổi bởi 107/2021) và Nghị định 45/2020/NĐ-CP',
    since: '2020-05-22T00:00:00+07:00',
    receptionCheckMinutes: 8 * 60,
    maxApologies: 1,
    forms: ['01', '02', '03', '04', '05', '06'],
  },
];

/** The regime in force at an official receipt time; Decree 118/2025 is not modelled yet (docs/workflow.md). */
export function regimeAt(officialReceiptAt: string): Regime {
  const at = Date.parse(officialReceiptAt);
  const inForce = REGIMES.filter((regime) => Date.parse(regime.since) <= at);
  return inForce[inForce.length - 1] ?? REGIMES[0]!;
}
