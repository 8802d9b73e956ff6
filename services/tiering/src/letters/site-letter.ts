/**
 * A letter in the site's voice: the site's letterhead, its approved template's title, message and
 * closing, the hub's conduct and consequences blocks (letters/templates.ts, by language), the offer of
 * help with the site's service directory (name, phone, address, hours), and the signatories. HTML and
 * PDF (pdfkit) from the same blocks. No slot for anything about a victim.
 */
import type { LetterTemplateRow, SiteProfileRow } from '../repositories/site.repository';
import type { LetterInput } from './render';
import { TEMPLATES } from './templates';
import { pdfDocumentClass } from './pdfkit';

/** What a site's letter is written with. */
export interface SiteVoice {
  readonly profile: SiteProfileRow | null;
  readonly template: LetterTemplateRow;
}

/** The name a letter cites for its template. */
export function siteTemplateVersion(t: Pick<LetterTemplateRow, 'agencyOri' | 'language' | 'version'>): string {
  return `site-${t.agencyOri}-${t.language}-v${t.version}`;
}

interface Blocks {
  letterhead: string[];
  title: string;
  date: string;
  greeting: string;
  behaviourIntro: string;
  behaviour: string[];
  consequences: string;
  message: string;
  helpIntro: string;
  services: string[];
  closing: string;
  signatories: string[];
}

function blocksOf(l: LetterInput, v: SiteVoice): Blocks {
  const base = TEMPLATES[l.templateVersion]?.[l.language] ?? Object.values(TEMPLATES)[0]![l.language];
  const day = (d: Date) => d.toISOString().slice(0, 10);
  const directory = v.profile?.services ?? [];
  return {
    letterhead: v.profile ? [v.profile.partnershipName, ...v.profile.letterhead.split('\n')] : [],
    title: v.template.title,
    date: day(l.issuedOn),
    greeting: base.greeting(l.offenderName),
    behaviourIntro: base.behaviourIntro,
    behaviour: l.behaviour.map((b) => `${day(b.occurredAt)}: ${b.offenseCodes.map((c) => base.offenses[c] ?? base.unknownOffense).join(', ')}`),
    consequences: base.consequences[l.tier],
    message: v.template.message,
    helpIntro: base.helpIntro,
    services: l.services.map((s) => {
      const where = directory.filter((d) => d.service === s).map((d) => `${d.name}, ${d.phone}, ${d.address} (${d.hours})`);
      return where.length ? `${base.services[s]}: ${where.join('; ')}` : base.services[s];
    }),
    closing: v.template.closing,
    signatories: (v.profile?.signatories ?? []).map((s) => `${s.name}, ${s.title}, ${s.organisation}`),
  };
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

export function siteLetterHtml(l: LetterInput, v: SiteVoice): string {
  const b = blocksOf(l, v);
  const li = (xs: string[]) => `<ul>${xs.map((x) => `<li>${esc(x)}</li>`).join('')}</ul>`;
  const lines = (xs: string[]) => xs.map((x) => `<p>${esc(x)}</p>`).join('');
  return `<!doctype html><html lang="${l.language}"><head><meta charset="utf-8"><title>${esc(b.title)}</title></head><body>
<header>${lines(b.letterhead)}</header>
<h1>${esc(b.title)}</h1><p>${esc(b.date)}</p><p>${esc(b.greeting)}</p>
<p>${esc(b.behaviourIntro)}</p>${li(b.behaviour)}
<p><strong>${esc(b.consequences)}</strong></p>
<p>${esc(b.message)}</p>
<p>${esc(b.helpIntro)}</p>${li(b.services)}
<p>${esc(b.closing)}</p>
<footer>${lines(b.signatories)}</footer>
</body></html>`;
}

export function siteLetterPdf(l: LetterInput, v: SiteVoice): Promise<Buffer> {
  const b = blocksOf(l, v);
  const PDFDocument = pdfDocumentClass();
  const doc = new PDFDocument({ size: 'LETTER', margin: 72, info: { Title: b.title }, lang: l.language });
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  for (const line of b.letterhead) doc.font('Helvetica-Bold').fontSize(10).text(line, { align: 'center' });
  doc.moveDown().font('Helvetica-Bold').fontSize(14).text(b.title).moveDown();
  doc.font('Helvetica').fontSize(11).text(b.date).moveDown().text(b.greeting).moveDown().text(b.behaviourIntro);
  doc.list(b.behaviour).moveDown();
  doc.font('Helvetica-Bold').text(b.consequences).moveDown();
  doc.font('Helvetica').text(b.message).moveDown().text(b.helpIntro);
  doc.list(b.services).moveDown().text(b.closing).moveDown();
  for (const s of b.signatories) doc.text(s);
  doc.end();
  return done;
}
