/**
 * `npm run import -- FILE`: imports a records-system export (CSV or JSON lines) into the incidents
 * database configured like `npm start` (INCIDENTS_DATABASE_URL, DATABASE_URL, else the embedded server).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import {
  ConfigError,
  PROCESS_OUTPUT,
  createLogger,
  embeddedServerForTools,
  errorFields,
  loadConfig,
  openServiceDatabase,
  serviceDatabaseUrl,
  type CliOutput,
} from '@ipvi/core';
import { runImport, type ImportCounts } from '../import/run';
import { formatOf, type ImportFormat } from '../import/source';
import { incidentsService } from '../server';

const HELP = `Usage: npm run import -- FILE [--format csv|jsonl] [--batch N] [--strict] [--quiet]

Imports police incidents from a records-system export into the incidents database (the one
\`npm start\` uses: INCIDENTS_DATABASE_URL, else DATABASE_URL's server, else the embedded PostgreSQL).

Every row is checked by the same rules as the recordIncident mutation. Rejected rows are printed
with their line number and reasons; valid rows are written in transactional batches. Safe to run
again: an unchanged row is counted unchanged, a changed row becomes an amendment (new version).
Columns of the CSV: services/incidents/samples/README.md. JSON lines: one recordIncident input per line.

  --format csv|jsonl  file format (default: by extension, .csv or .jsonl/.ndjson)
  --batch N           rows per transaction (default 500, 1-5000)
  --strict            exit with status 1 when any row was rejected
  --quiet             no progress on stderr

Exit status: 0 done, 1 failed (or rows rejected with --strict), 2 usage or configuration error.
`;

interface Args {
  file: string;
  format: ImportFormat;
  batch: number;
  strict: boolean;
  quiet: boolean;
}

function parseArgs(argv: readonly string[]): Args | string {
  const rest = [...argv];
  let file: string | undefined;
  let format: string | undefined;
  let batch = 500;
  let strict = false;
  let quiet = false;
  while (rest.length) {
    const a = rest.shift()!;
    if (a === '--format') format = rest.shift();
    else if (a === '--batch') batch = Number(rest.shift());
    else if (a === '--strict') strict = true;
    else if (a === '--quiet') quiet = true;
    else if (a.startsWith('--')) return `unknown option ${a}`;
    else if (file) return 'give one file';
    else file = a;
  }
  if (!file) return 'give the file to import';
  const fmt = format ?? formatOf(file);
  if (fmt !== 'csv' && fmt !== 'jsonl') return format ? '--format must be csv or jsonl' : 'cannot tell the format from the extension: give --format csv|jsonl';
  if (!Number.isInteger(batch) || batch < 1 || batch > 5000) return '--batch must be between 1 and 5000';
  try {
    fs.accessSync(file, fs.constants.R_OK);
  } catch {
    return `cannot read ${file}`;
  }
  return { file, format: fmt, batch, strict, quiet };
}

function summary(c: ImportCounts, seconds: number): string {
  return (
    `${c.rows} rows in ${seconds.toFixed(1)} s: ${c.created} created, ${c.amended} amended, ${c.unchanged} unchanged, ${c.rejected} rejected` +
    (c.possibleDuplicates ? ` (${c.possibleDuplicates} with a possible duplicate offender to review)` : '')
  );
}

/** Runs the command; resolves with its exit status (0 done, 1 failed or rows rejected with --strict, 2 usage or configuration). */
export async function main(argv: readonly string[], out: CliOutput = PROCESS_OUTPUT): Promise<number> {
  if (argv.includes('--help') || argv.includes('-h')) return (out.stdout(HELP), 0);
  const args = parseArgs(argv);
  if (typeof args === 'string') return (out.stderr(`${args}\n\n${HELP}`), 2);
  let config;
  try {
    config = loadConfig();
  } catch (e) {
    if (e instanceof ConfigError) return (out.stderr(`${e.message}\n`), 2);
    throw e;
  }
  const log = createLogger(config.logLevel === 'info' ? 'warn' : config.logLevel, { service: 'incidents-import' });
  // A hub already running on the embedded server is used as it is (never restarted under it).
  const embedded = await embeddedServerForTools(config, ['incidents'], log);
  const ds = await openServiceDatabase(incidentsService, serviceDatabaseUrl(config, 'incidents', embedded?.url), 2);
  const started = Date.now();
  try {
    const counts = await runImport({
      file: args.file,
      format: args.format,
      batchSize: args.batch,
      ds,
      agencies: config.partnership.policeAgencies,
      now: new Date(),
      actor: {
        requestId: randomUUID(),
        subject: `cli:${os.userInfo().username}`,
        role: 'RECORDS_IMPORT',
        agency: config.partnership.policeAgencies.join('+'),
        operation: `import ${path.basename(args.file)}`,
      },
      report: (line) => out.stdout(`${line}\n`),
      progress: args.quiet ? undefined : (p) => out.stderr(`${Math.round(p.fraction * 100)}%  ${p.rows} rows  ${Math.round(p.rowsPerSecond)} rows/s\n`),
      progressMs: process.stderr.isTTY ? 1000 : 5000,
    });
    out.stdout(`${summary(counts, (Date.now() - started) / 1000)}\n`);
    return args.strict && counts.rejected > 0 ? 1 : 0;
  } catch (e) {
    out.stderr(`import failed: ${e instanceof Error ? e.message : String(e)} (batches before the failure are committed; fix the cause and run again)\n`);
    log.error('import failed', errorFields(e));
    return 1;
  } finally {
    await ds.destroy();
    await embedded?.stop();
  }
}

if (require.main === module) void main(process.argv.slice(2)).then((code) => process.exit(code));
