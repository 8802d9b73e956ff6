/** A notification's letter: its template version, the offender's language, the conduct the assignment used. */
import { letterHtml, letterPdf, type LetterInput } from '../letters/render';
import type { Language } from '../letters/templates';
import type { NotificationRow } from '../repositories/notification.repository';

export interface RenderedLetter {
  html: string;
  pdfBase64: string;
  templateVersion: string;
  language: Language;
}

export async function renderLetter(
  n: NotificationRow,
  offenderName: string | null,
  language: Language,
  behaviour: LetterInput['behaviour'],
): Promise<RenderedLetter> {
  const input: LetterInput = {
    templateVersion: n.templateVersion,
    language,
    offenderName: offenderName ?? '',
    tier: n.tierAtNotice,
    behaviour,
    services: n.servicesOffered,
    issuedOn: n.createdAt,
  };
  const pdf = await letterPdf(input);
  return { html: letterHtml(input), pdfBase64: pdf.toString('base64'), templateVersion: n.templateVersion, language };
}
