/**
 * The records import: every row goes through the graph's validator, valid rows are written in
 * transactional batches through the graph's writer (idempotent: unchanged rows are counted
 * unchanged, changed ones become amendments), rejected rows are reported with their line and reasons.
 * Each committed batch is noted in the audit trail (ids, never values).
 */
import type { DataSource } from 'typeorm';
import { AuditCollector, AuditStore, type AuditActor, type InputProblem as Problem } from '@ipvi/core';
import type { IncidentDraft } from '../model/incident-record';
import { writeIncidents } from '../domain/incident-writer';
import { validateIncident } from '../domain/incident-input';
import { fieldLabel, readRows, type ImportFormat } from './source';

export interface ImportOptions {
  readonly file: string;
  readonly format: ImportFormat;
  readonly batchSize: number;
  readonly ds: DataSource;
  /** Police agencies rows may belong to (the partnership's). */
  readonly agencies: readonly string[];
  readonly now: Date;
  readonly actor: AuditActor;
  /** Receives each report line (rejections, possible duplicates). */
  readonly report: (line: string) => void;
  /** Receives progress, at most every `progressMs`. */
  readonly progress?: (p: ImportProgress) => void;
  readonly progressMs?: number;
}

export interface ImportProgress {
  readonly rows: number;
  readonly fraction: number;
  readonly rowsPerSecond: number;
}

export interface ImportCounts {
  rows: number;
  created: number;
  amended: number;
  unchanged: number;
  rejected: number;
  /** Rows whose offender may be a duplicate of another (reported, never merged). */
  possibleDuplicates: number;
}

export async function runImport(opts: ImportOptions): Promise<ImportCounts> {
  const counts: ImportCounts = { rows: 0, created: 0, amended: 0, unchanged: 0, rejected: 0, possibleDuplicates: 0 };
  const audit = new AuditStore(opts.ds);
  const reject = (line: number, problems: readonly Problem[]) => {
    counts.rejected++;
    opts.report(`line ${line}: rejected: ${problems.map((p) => `${fieldLabel(opts.format, p.field)}: ${p.reason}`).join('; ')}`);
  };
  const flush = async (batch: { line: number; draft: IncidentDraft }[]) => {
    if (!batch.length) return;
    const outcomes = await opts.ds.transaction((m) =>
      writeIncidents(
        m,
        batch.map((b) => ({ draft: b.draft })),
      ),
    );
    const written: string[] = [];
    outcomes.forEach((o, i) => {
      const line = batch[i]!.line;
      if (o.status === 'rejected') return reject(line, o.problems);
      if (o.status === 'conflict') return reject(line, [{ field: 'rmsNumber', reason: 'changed concurrently; run the import again' }]);
      counts[o.status]++;
      if (o.status !== 'unchanged') written.push(o.incidentId);
      if (o.duplicates.length) {
        counts.possibleDuplicates++;
        opts.report(`line ${line}: possible duplicate offender: ${o.duplicates.map((d) => `${d.offenderId} (${d.reason})`).join(', ')}`);
      }
    });
    if (written.length) {
      const entries = new AuditCollector();
      entries.wrote('import.recordIncident', written);
      await audit.append(opts.actor, entries.drain());
    }
  };

  const source = readRows(opts.file, opts.format);
  const started = Date.now();
  let lastProgress = started;
  let batch: { line: number; draft: IncidentDraft }[] = [];
  for await (const row of source.rows) {
    counts.rows++;
    if ('problem' in row) reject(row.line, [{ field: 'row', reason: row.problem }]);
    else {
      const v = validateIncident(row.input, { now: opts.now, path: '', agencies: opts.agencies, partnerAgencies: opts.agencies });
      if (v.value) batch.push({ line: row.line, draft: v.value });
      else reject(row.line, v.problems);
    }
    if (batch.length >= opts.batchSize) {
      await flush(batch);
      batch = [];
    }
    const now = Date.now();
    if (opts.progress && now - lastProgress >= (opts.progressMs ?? 1000)) {
      lastProgress = now;
      opts.progress({ rows: counts.rows, fraction: source.size ? source.bytesRead() / source.size : 1, rowsPerSecond: counts.rows / ((now - started) / 1000) });
    }
  }
  await flush(batch);
  return counts;
}
