import type { FormDocument, FormSignature, FormTable } from './model';
import { qrDataUrl, qrText } from './qr';

// A form as one printable HTML page: escaped template, print CSS (A4), `lang="vi"`, the QR code as a PNG data URL.
// Official documents are set in Times New Roman (Decree 30/2020); Noto Serif, the PDF's font, is the fallback.

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Escapes text for element content and quoted attributes; normalises to NFC so diacritics are precomposed. */
export const escapeHtml = (value: string): string => value.normalize('NFC').replace(/[&<>"']/g, (c) => ESCAPES[c]!);

const STYLE = `
  @page { size: A4 portrait; margin: 18mm 16mm; }
  @page landscape { size: A4 landscape; margin: 12mm 10mm; }
  body { font-family: 'Times New Roman', 'Noto Serif', serif; font-size: 13pt; line-height: 1.4; color: #000; margin: 0; }
  main { max-width: 180mm; margin: 0 auto; padding: 8mm 0; }
  body.landscape main { max-width: 277mm; page: landscape; }
  body.landscape { font-size: 10pt; }
  .form-number { text-align: right; font-size: 10pt; margin: 0 0 4mm; }
  .heading { display: flex; justify-content: space-between; gap: 8mm; text-align: center; }
  .heading .issuer { flex: 0 0 42%; font-weight: bold; }
  .heading .motto { flex: 1; }
  .motto .slogan { font-weight: bold; text-decoration: underline; }
  .dateline { font-style: italic; margin-top: 2mm; }
  h1 { text-align: center; font-size: 14pt; margin: 8mm 0 6mm; }
  dl.fields { margin: 0 0 4mm; }
  dl.fields div { display: flex; gap: 2mm; margin: 1mm 0; }
  dl.fields dt { font-weight: bold; flex: 0 0 auto; }
  dl.fields dt::after { content: ':'; }
  dl.fields dd { margin: 0; }
  table { width: 100%; border-collapse: collapse; margin: 3mm 0; page-break-inside: auto; }
  th, td { border: 1px solid #000; padding: 1.5mm 2mm; vertical-align: top; text-align: left; }
  th { background: #eee; text-align: center; }
  tr { page-break-inside: avoid; }
  .notes p { margin: 2mm 0; text-align: justify; }
  footer.sign { display: flex; justify-content: space-between; align-items: flex-start; gap: 6mm; margin-top: 8mm; page-break-inside: avoid; }
  figure.qr { margin: 0; text-align: center; font-size: 9pt; }
  figure.qr img { width: 32mm; height: 32mm; image-rendering: pixelated; }
  .signatures { flex: 1; display: flex; justify-content: space-around; text-align: center; }
  .signature .hint { display: block; font-style: italic; font-size: 11pt; }
  .signature .name { display: block; margin-top: 20mm; font-weight: bold; }
  @media print { main { padding: 0; } }
`;

function tableHtml(table: FormTable): string {
  const head = table.columns.map((c) => `<th scope="col">${escapeHtml(c.label)}</th>`).join('');
  const rows = table.rows
    .map((row) => `<tr>${table.columns.map((c) => `<td>${escapeHtml(row[c.key] ?? '')}</td>`).join('')}</tr>`)
    .join('\n');
  return `<table data-table="${escapeHtml(table.key)}"><thead><tr>${head}</tr></thead><tbody>\n${rows}\n</tbody></table>`;
}

const signatureHtml = (s: FormSignature) =>
  `<div class="signature"><strong>${escapeHtml(s.role)}</strong><span class="hint">(Ký, ghi rõ họ tên)</span>` +
  `<span class="name">${escapeHtml(s.name ?? '')}</span></div>`;

export async function renderHtml(document: FormDocument): Promise<string> {
  const title = `Mẫu số ${document.form} — ${document.name} — ${document.reference}`;
  const fields = document.fields
    .map((f) => `<div data-field="${escapeHtml(f.key)}"><dt>${escapeHtml(f.label)}</dt><dd>${escapeHtml(f.value)}</dd></div>`)
    .join('\n');
  const qr = document.qr
    ? `<figure class="qr"><img alt="Mã QR: ${escapeHtml(qrText(document.qr))}" src="${await qrDataUrl(document.qr)}">` +
      `<figcaption>Mã QR (Thông tư 01/2023/TT-VPCP)</figcaption></figure>`
    : '';
  const dateline = document.dateline ? `<p class="dateline">${escapeHtml(capitalise(document.dateline))}</p>` : '';
  return `<!doctype html>
<html lang="vi">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>${STYLE}</style>
</head>
<body class="${document.orientation}">
<main data-form="${document.form}">
<p class="form-number">Mẫu số ${document.form} — Thông tư 01/2018/TT-VPCP</p>
<header class="heading">
<div class="issuer">${escapeHtml(document.issuer)}</div>
<div class="motto"><strong>CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM</strong><br><span class="slogan">Độc lập - Tự do - Hạnh phúc</span>${dateline}</div>
</header>
<h1>${escapeHtml(document.name.toLocaleUpperCase('vi'))}</h1>
<dl class="fields">
${fields}
</dl>
${document.tables.map(tableHtml).join('\n')}
<section class="notes">${document.notes.map((n) => `<p>${escapeHtml(n)}</p>`).join('')}</section>
<footer class="sign">${qr}<div class="signatures">${document.signatures.map(signatureHtml).join('')}</div></footer>
</main>
</body>
</html>
`;
}

export const capitalise = (line: string) => line.charAt(0).toLocaleUpperCase('vi') + line.slice(1);
