/**
 * pdfkit, loaded on the first letter rendered as a PDF rather than whenever the tiering service loads: with fontkit,
 * its fonts and brotli it is about 0.6 s of CPU, paid by every start of the service (and every process that loads the
 * hub) while most never render a PDF.
 */
import { createRequire } from 'node:module';
import type PDFDocument from 'pdfkit';

type PdfKit = typeof PDFDocument;

const load = createRequire(__filename);
let pdfkit: PdfKit | undefined;

/** The PDFDocument class. */
export function pdfDocumentClass(): PdfKit {
  return (pdfkit ??= load('pdfkit') as PdfKit);
}
