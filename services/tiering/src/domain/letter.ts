/** A notification's letter: its template version, the offender's language, the conduct the assignment used. */
import { letterHtml, letterPdf, type LetterInput } from '../letters/render';
import { siteLetterHtml, siteLetterPdf, siteTemplateVersion, type SiteVoice } from '../letters/site-letter';
import type { Language } from '../letters/templates';
import type { NotificationRow } from '../repositories/notification.repository';

export interface RenderedLetter {
  html: string;
  pdfBase64: string;
  templateVersion: string;
  language: Language;
  /** The site profile version the letter carries (null: the hub's built-in letter). */
  siteProfileVersion: number | null;
}

export async function renderLetter(
  n: NotificationRow & { siteVoice?: SiteVoice | null },
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
  // The site's voice (an approved template of the notification's site in this language) when it has one.
  const voice = n.siteVoice?.template.language === language ? n.siteVoice : null;
  if (voice) {
    const pdf = await siteLetterPdf(input, voice);
    return {
      html: siteLetterHtml(input, voice),
      pdfBase64: pdf.toString('base64'),
      templateVersion: siteTemplateVersion(voice.template),
      language,
      siteProfileVersion: voice.profile?.version ?? null,
    };
  }
  const pdf = await letterPdf(input);
  return { html: letterHtml(input), pdfBase64: pdf.toString('base64'), templateVersion: n.templateVersion, language, siteProfileVersion: null };
}
