/**
 * Import benchmark (a script, not a test): generates a synthetic export (default 100,000 rows over
 * 30,000 offenders), imports it into a fresh database, then imports it again (every row unchanged),
 * and prints rows per second for both runs.
 *   npx tsx bench/import-rows.ts [--rows N] [--offenders N] [--batch N]
 * Uses DATABASE_URL's server when set, else a throw-away embedded PostgreSQL.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createLogger, databaseUrl, dropDatabase, loadConfig, openServiceDatabase, startTemporaryPostgres } from '@ipvi/core';
import { runImport } from '@ipvi/incidents/src/import/run';
import { incidentsService } from '@ipvi/incidents';
import { generateExport } from './import-generate';

const argv = process.argv.slice(2);
const num = (name: string, fallback: number) => (argv.includes(name) ? Number(argv[argv.indexOf(name) + 1]) : fallback);

async function main(): Promise<void> {
  const rows = num('--rows', 100_000);
  const offenders = num('--offenders', Math.max(1, Math.round(rows * 0.3)));
  const batch = num('--batch', 500);
  const config = loadConfig();
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'ipvi-bench-import-'));
  const file = path.join(tmp, 'export.csv');
  let t0 = Date.now();
  await generateExport(file, { offenders, incidents: rows });
  process.stdout.write(
    `generated ${rows} rows over ${offenders} offenders in ${((Date.now() - t0) / 1000).toFixed(1)} s (${(fs.statSync(file).size / 1e6).toFixed(1)} MB)\n`,
  );

  const shared = config.services.incidents.databaseUrl;
  const embedded = shared ? undefined : await startTemporaryPostgres(createLogger('warn'));
  const url = databaseUrl(shared ?? embedded!.url, `bench_import_${process.pid}`);
  const ds = await openServiceDatabase(incidentsService, url, 4);
  try {
    for (const run of ['first import', 're-import (unchanged)']) {
      t0 = Date.now();
      const counts = await runImport({
        file,
        format: 'csv',
        batchSize: batch,
        ds,
        agencies: config.partnership.policeAgencies,
        now: new Date(),
        actor: { requestId: `bench-${process.pid}`, subject: 'bench', role: 'RECORDS_IMPORT', agency: 'bench', operation: 'bench import' },
        report: () => undefined,
        progress: (p) => process.stderr.write(`  ${Math.round(p.fraction * 100)}% ${p.rows} rows ${Math.round(p.rowsPerSecond)} rows/s\n`),
        progressMs: 5000,
      });
      const s = (Date.now() - t0) / 1000;
      process.stdout.write(
        `${run}: ${counts.rows} rows in ${s.toFixed(1)} s = ${Math.round(counts.rows / s)} rows/s ` +
          `(${counts.created} created, ${counts.amended} amended, ${counts.unchanged} unchanged, ${counts.rejected} rejected, ${counts.possibleDuplicates} with possible duplicates)\n`,
      );
    }
  } finally {
    await ds.destroy();
    await dropDatabase(url).catch(() => undefined);
    await embedded?.stop();
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

void main();
