/** Renders a notification letter to HTML and to PDF (pdfkit) from the same blocks. Pure apart from the PDF stream. */
import type { OfferedService, Tier } from '../policy/tier-policy';
import { TEMPLATES, type Language } from './templates';
import { pdfDocumentClass } from './pdfkit';

export interface LetterInput {
  readonly templateVersion: string;
  readonly language: Language;
  readonly offenderName: string;
  readonly tier: Tier;
  /** The conduct the letter names: when it happened and the NIBRS offense codes. */
  readonly behaviour: readonly { readonly occurredAt: Date; readonly offenseCodes: readonly string[] }[];
  readonly services: readonly OfferedService[];
  readonly issuedOn: Date;
}

interface Blocks {
  title: string;
  date: string;
  greeting: string;
  behaviourIntro: string;
  behaviour: string[];
  consequences: string;
  helpIntro: string;
  services: string[];
  message: string;
  closing: string;
}

function blocksOf(l: LetterInput): Blocks {
  const t = TEMPLATES[l.templateVersion]?.[l.language];
  if (!t) throw new Error(`no letter template ${l.templateVersion}/${l.language}`);
  const day = (d: Date) => d.toISOString().slice(0, 10);
  return {
    title: t.title,
    date: day(l.issuedOn),
    greeting: t.greeting(l.offenderName),
    behaviourIntro: t.behaviourIntro,
    behaviour: l.behaviour.map((b) => `${day(b.occurredAt)}: ${b.offenseCodes.map((c) => t.offenses[c] ?? t.unknownOffense).join(', ')}`),
    consequences: t.consequences[l.tier],
    helpIntro: t.helpIntro,
    services: l.services.map((s) => t.services[s]),
    message: t.message,
    closing: t.closing,
  };
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

export function letterHtml(l: LetterInput): string {
  const b = blocksOf(l);
  const li = (xs: string[]) => `<ul>${xs.map((x) => `<li>${esc(x)}</li>`).join('')}</ul>`;
  return `<!doctype html><html lang="${l.language}"><head><meta charset="utf-8"><title>${esc(b.title)}</title></head><body>
<h1>${esc(b.title)}</h1><p>${esc(b.date)}</p><p>${esc(b.greeting)}</p>
<p>${esc(b.behaviourIntro)}</p>${li(b.behaviour)}
<p><strong>${esc(b.consequences)}</strong></p>
<p>${esc(b.message)}</p>
<p>${esc(b.helpIntro)}</p>${li(b.services)}
<p>${esc(b.closing)}</p>
</body></html>`;
}

export function letterPdf(l: LetterInput): Promise<Buffer> {
  const b = blocksOf(l);
  const PDFDocument = pdfDocumentClass();
  const doc = new PDFDocument({ size: 'LETTER', margin: 72, info: { Title: b.title }, lang: l.language });
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  doc.font('Helvetica-Bold').fontSize(14).text(b.title).moveDown();
  doc.font('Helvetica').fontSize(11).text(b.date).moveDown().text(b.greeting).moveDown().text(b.behaviourIntro);
  doc.list(b.behaviour).moveDown();
  doc.font('Helvetica-Bold').text(b.consequences).moveDown();
  doc.font('Helvetica').text(b.message).moveDown().text(b.helpIntro);
  doc.list(b.services).moveDown().text(b.closing);
  doc.end();
  return done;
}
