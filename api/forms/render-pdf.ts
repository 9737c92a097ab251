import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import PDFDocument from 'pdfkit';
import type { FormDocument, FormSignature, FormTable } from './model';
import { qrPng } from './qr';
import { capitalise } from './render-html';

// A form as a PDF (A4) with pdfkit. The font is Noto Serif (SIL OFL 1.1) from @expo-google-fonts/noto-serif:
// TrueType files with the full Vietnamese repertoire in one file (the @fontsource packages split Vietnamese into
// a subset of its own, so no single file covers a Vietnamese sentence). pdfkit embeds a subset of the glyphs with
// a ToUnicode map, so the text copies and extracts with its diacritics. Read once from node_modules, never fetched.

const require = createRequire(import.meta.url);
const FONT_FILES = {
  regular: '@expo-google-fonts/noto-serif/400Regular/NotoSerif_400Regular.ttf',
  bold: '@expo-google-fonts/noto-serif/700Bold/NotoSerif_700Bold.ttf',
  italic: '@expo-google-fonts/noto-serif/400Regular_Italic/NotoSerif_400Regular_Italic.ttf',
} as const;
type FontName = keyof typeof FONT_FILES;

let fonts: Record<FontName, Buffer> | undefined;
const loadFonts = () =>
  (fonts ??= Object.fromEntries(
    Object.entries(FONT_FILES).map(([name, file]) => [name, readFileSync(require.resolve(file))]),
  ) as Record<FontName, Buffer>);

const nfc = (value: string) => value.normalize('NFC');
const QR_SIZE = 92;

type Doc = PDFKit.PDFDocument;

function heading(doc: Doc, form: FormDocument): void {
  const { left } = doc.page.margins;
  const width = doc.page.width - left - doc.page.margins.right;
  doc.font('italic').fontSize(9).text(`Mẫu số ${form.form} — Thông tư 01/2018/TT-VPCP`, { align: 'right' });
  const top = doc.y + 6;
  const issuerWidth = width * 0.42;
  doc.font('bold').fontSize(11).text(nfc(form.issuer), left, top, { width: issuerWidth, align: 'center' });
  const issuerBottom = doc.y;
  const mottoX = left + issuerWidth + 12;
  const mottoWidth = width - issuerWidth - 12;
  doc.text('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', mottoX, top, { width: mottoWidth, align: 'center' });
  doc.text('Độc lập - Tự do - Hạnh phúc', mottoX, doc.y, { width: mottoWidth, align: 'center', underline: true });
  if (form.dateline) doc.font('italic').text(nfc(capitalise(form.dateline)), mottoX, doc.y + 4, { width: mottoWidth, align: 'center' });
  doc.x = left;
  doc.y = Math.max(doc.y, issuerBottom) + 18;
  doc.font('bold').fontSize(14).text(nfc(form.name.toLocaleUpperCase('vi')), { align: 'center' });
  doc.moveDown(0.8);
}

function fields(doc: Doc, form: FormDocument): void {
  const size = form.orientation === 'landscape' ? 10 : 11.5;
  for (const field of form.fields) {
    doc.font('bold').fontSize(size).text(`${nfc(field.label)}: `, { continued: true });
    doc.font('regular').text(nfc(field.value), { lineGap: 1 });
  }
  doc.moveDown(0.5);
}

function table(doc: Doc, form: FormDocument, t: FormTable): void {
  const size = form.orientation === 'landscape' ? 7.5 : 9.5;
  const width = doc.page.width - doc.page.margins.left - doc.page.margins.right;
  const total = t.columns.reduce((sum, c) => sum + c.width, 0);
  const header = t.columns.map((c) => ({ text: nfc(c.label), font: { src: 'bold' }, backgroundColor: '#eeeeee', align: 'center' as const }));
  const rows = t.rows.map((row) => t.columns.map((c) => nfc(row[c.key] ?? '')));
  doc.font('regular').fontSize(size);
  doc.table({
    columnStyles: t.columns.map((c) => (width * c.width) / total),
    defaultStyle: { padding: 3, border: 0.6 },
    data: [header, ...rows],
  });
  doc.moveDown(0.6);
}

function signatureBlock(doc: Doc, x: number, y: number, width: number, s: FormSignature): void {
  doc.font('bold').fontSize(11).text(nfc(s.role), x, y, { width, align: 'center' });
  doc.font('italic').fontSize(10).text('(Ký, ghi rõ họ tên)', x, doc.y, { width, align: 'center' });
  if (s.name) doc.font('bold').fontSize(11).text(nfc(s.name), x, doc.y + 48, { width, align: 'center' });
}

async function footer(doc: Doc, form: FormDocument): Promise<void> {
  if (!form.qr && form.signatures.length === 0) return;
  const { left } = doc.page.margins;
  const bottom = doc.page.height - doc.page.margins.bottom;
  if (doc.y + QR_SIZE + 40 > bottom) doc.addPage();
  const top = doc.y + 8;
  let x = left;
  if (form.qr) {
    doc.image(await qrPng(form.qr), left, top, { width: QR_SIZE, height: QR_SIZE });
    doc.font('italic').fontSize(7).text('Mã QR — Thông tư 01/2023/TT-VPCP', left - 14, top + QR_SIZE + 2, { width: QR_SIZE + 28, align: 'center' });
    x = left + QR_SIZE + 20;
  }
  const width = doc.page.width - doc.page.margins.right - x;
  const each = width / Math.max(1, form.signatures.length);
  form.signatures.forEach((s, i) => signatureBlock(doc, x + i * each, top, each, s));
}

/** Renders the form to a PDF and resolves with its bytes. */
export async function renderPdf(form: FormDocument): Promise<Buffer> {
  const landscape = form.orientation === 'landscape';
  const doc = new PDFDocument({
    size: 'A4',
    layout: form.orientation,
    margins: landscape ? { top: 34, bottom: 34, left: 30, right: 30 } : { top: 48, bottom: 48, left: 56, right: 48 },
    lang: 'vi-VN',
    displayTitle: true,
    info: { Title: nfc(`Mẫu số ${form.form} — ${form.name} — ${form.reference}`), Author: 'Motcua', Subject: nfc(form.name) },
  });
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  const loaded = loadFonts();
  for (const name of Object.keys(FONT_FILES) as FontName[]) doc.registerFont(name, loaded[name]);
  heading(doc, form);
  fields(doc, form);
  for (const t of form.tables) table(doc, form, t);
  doc.font('regular').fontSize(11);
  for (const note of form.notes) doc.text(nfc(note), { align: 'justify' }).moveDown(0.3);
  await footer(doc, form);
  doc.end();
  return done;
}
