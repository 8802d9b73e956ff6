/**
 * A streaming CSV reader (RFC 4180): quoted fields with "" escapes and line breaks, CRLF or LF, a
 * byte-order mark. Yields each record with the physical line it starts on, so rejections can name it.
 * Scans runs of ordinary characters with a regular expression (an export of 1M rows is ~250 MB).
 */
import type { Readable } from 'node:stream';

export interface CsvRecord {
  readonly line: number;
  readonly fields: string[];
}

export class CsvSyntaxError extends Error {
  constructor(
    readonly line: number,
    reason: string,
  ) {
    super(`line ${line}: ${reason}`);
  }
}

const SPECIAL = /[,\n"]/g;
const count = (s: string, c: string) => s.split(c).length - 1;

export async function* csvRecords(input: Readable): AsyncGenerator<CsvRecord> {
  let fields: string[] = [];
  let field = '';
  let quoted = false;
  /** Inside quotes, the last character was a quote: the closing one, or the first half of "". */
  let quotePending = false;
  let atFieldStart = true;
  let line = 1;
  let startLine = 1;
  let first = true;
  const take = (): CsvRecord | undefined => {
    fields.push(field.endsWith('\r') && !quoted ? field.slice(0, -1) : field);
    const rec = fields.length === 1 && fields[0] === '' ? undefined : { line: startLine, fields };
    fields = [];
    field = '';
    atFieldStart = true;
    return rec;
  };
  for await (const chunk of input) {
    let text = typeof chunk === 'string' ? chunk : (chunk as Buffer).toString('utf8');
    if (first && text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    first = false;
    let i = 0;
    while (i < text.length) {
      if (quoted) {
        if (quotePending) {
          quotePending = false;
          if (text[i] === '"') {
            field += '"';
            i++;
            continue;
          }
          quoted = false; // that quote closed the field
          continue;
        }
        const q = text.indexOf('"', i);
        const run = text.slice(i, q < 0 ? text.length : q);
        line += count(run, '\n');
        field += run;
        if (q < 0) break;
        quotePending = true;
        i = q + 1;
        continue;
      }
      SPECIAL.lastIndex = i;
      const m = SPECIAL.exec(text);
      const j = m ? m.index : text.length;
      if (j > i) {
        field += text.slice(i, j);
        atFieldStart = false;
      }
      if (!m) break;
      const c = text[j];
      i = j + 1;
      if (c === ',') {
        fields.push(field.endsWith('\r') ? field.slice(0, -1) : field);
        field = '';
        atFieldStart = true;
      } else if (c === '\n') {
        const rec = take();
        startLine = ++line;
        if (rec) yield rec;
      } else if (atFieldStart) {
        quoted = true;
        atFieldStart = false;
      } else {
        throw new CsvSyntaxError(line, 'a quote inside an unquoted field');
      }
    }
  }
  if (quoted && !quotePending) throw new CsvSyntaxError(startLine, 'a quoted field is not closed');
  quoted = false;
  const rec = take();
  if (rec) yield rec;
}
