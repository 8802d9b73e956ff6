/**
 * Rows of a records-system export, CSV or JSON lines, as recordIncident inputs with their line
 * numbers; a row that cannot even be read (bad JSON) comes with its problem instead.
 */
import fs from 'node:fs';
import readline from 'node:readline';
import { csvRecords } from './csv';
import { columnOf, rowMapper } from './rms-columns';

export type ImportFormat = 'csv' | 'jsonl';

export type SourceRow = { readonly line: number; readonly input: Record<string, unknown> } | { readonly line: number; readonly problem: string };

/** The format of a file by its extension (.csv; .jsonl, .ndjson), or undefined. */
export function formatOf(file: string): ImportFormat | undefined {
  if (/\.csv$/i.test(file)) return 'csv';
  if (/\.(jsonl|ndjson)$/i.test(file)) return 'jsonl';
  return undefined;
}

/** How field names of validation problems read for a format (CSV: column names). */
export function fieldLabel(format: ImportFormat, field: string): string {
  return format === 'csv' ? columnOf(field) : field;
}

async function* csvRows(stream: fs.ReadStream): AsyncGenerator<SourceRow> {
  let map: ((fields: readonly string[]) => Record<string, unknown>) | undefined;
  for await (const rec of csvRecords(stream)) {
    if (!map) {
      map = rowMapper(rec.fields.map((h) => h.trim().toLowerCase()));
      continue;
    }
    yield { line: rec.line, input: map(rec.fields) };
  }
}

async function* jsonRows(stream: fs.ReadStream): AsyncGenerator<SourceRow> {
  let line = 0;
  for await (const text of readline.createInterface({ input: stream, crlfDelay: Infinity })) {
    line++;
    if (!text.trim()) continue;
    try {
      const v = JSON.parse(text) as unknown;
      if (typeof v !== 'object' || v === null || Array.isArray(v)) yield { line, problem: 'is not a JSON object' };
      else yield { line, input: v as Record<string, unknown> };
    } catch {
      yield { line, problem: 'is not valid JSON' };
    }
  }
}

/** Reads a file; `bytesRead()` tells how far (for progress). */
export function readRows(file: string, format: ImportFormat): { rows: AsyncGenerator<SourceRow>; bytesRead: () => number; size: number } {
  const size = fs.statSync(file).size; // throws before a stream exists, so a missing file is one clear error
  const stream = fs.createReadStream(file, { highWaterMark: 1 << 20 });
  return { rows: format === 'csv' ? csvRows(stream) : jsonRows(stream), bytesRead: () => stream.bytesRead, size };
}
