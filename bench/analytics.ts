/**
 * `npm run bench:analytics [-- SCALE]`: the re-arrest measure at scale. Starts a hub on a throwaway
 * embedded PostgreSQL, generates 100,000 offenders and 1,000,000 incidents (times SCALE, default 1)
 * as tiering ledger rows with set-based SQL, then times re-arrest by tier x quarterly cohort through
 * the gateway as ANALYST and prints the query plan's index use. Prints figures; asserts nothing.
 * Heavy (about a minute on 2 cores): run it alone.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  SERVICE_NAMES,
  createLogger,
  databaseUrl,
  importKey,
  loadConfig,
  loadOrCreateDevKeys,
  signDemoToken,
  startTemporaryPostgres,
  type ServiceName,
} from '@ipvi/core';
import { RECIDIVISM_SQL } from '../services/tiering/src/analytics/recidivism';
import { startHub } from '../scripts/hub';
import { generateLedger } from '../test/fixtures/analytics-generator';

const SCALE = Number(process.argv[2] ?? 1);
const OFFENDERS = Math.round(100_000 * SCALE);
const INCIDENTS = Math.round(1_000_000 * SCALE);
const RUNS = 5;
const TARGET_MS = 1000;
const DAY = 86_400_000;
const QUERY = '{ recidivism(windowDays: 365, groupBy: [TIER, COHORT_QUARTER]) { excluded cells { tier cohort offenders reoffended rate suppressed } } }';

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

async function main(): Promise<void> {
  const stateDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ipvi-bench-'));
  const log = createLogger('warn');
  const pg = await startTemporaryPostgres(log);
  const config = loadConfig({ HUB_ENV: 'test', HUB_STATE_DIR: stateDir, LOG_LEVEL: 'warn' });
  const urls = Object.fromEntries(SERVICE_NAMES.map((n) => [n, databaseUrl(pg.url, `bench_${n.replace(/-/g, '_')}`)])) as Record<ServiceName, string>;
  const hub = await startHub({ config, log, databaseUrls: urls, seed: false, port: 0, consumers: false });
  try {
    const tiering = hub.services.tiering.dataSource;
    let t0 = Date.now();
    const per = (share: number) => Math.round((OFFENDERS * share) / 100) * 100 || 100;
    const counts = await generateLedger(urls.tiering, {
      batch: 'bench',
      agency: 'NC0410200',
      notifiedFrom: new Date(Date.now() - 6 * 365 * DAY),
      notifiedTo: new Date(Date.now() - 400 * DAY),
      windowDays: 365,
      tiers: [
        { tier: 'D', offenders: per(0.4), rate: 0.1 },
        { tier: 'C', offenders: per(0.3), rate: 0.15 },
        { tier: 'B', offenders: per(0.2), rate: 0.25 },
        { tier: 'A', offenders: per(0.1), rate: 0.4 },
      ],
      totalIncidents: INCIDENTS,
    });
    const generated = Date.now() - t0;
    t0 = Date.now();
    await tiering.query('VACUUM ANALYZE offender_incident');
    await tiering.query('VACUUM ANALYZE offender_outcome');
    await tiering.query('VACUUM ANALYZE notification');
    const vacuumed = Date.now() - t0;
    process.stdout.write(
      `generated ${counts.offenders.toLocaleString('en')} offenders and ${counts.incidents.toLocaleString('en')} incidents in ${seconds(generated)} (set-based SQL), then VACUUM ANALYZE in ${seconds(vacuumed)}\n`,
    );

    const keys = await loadOrCreateDevKeys(stateDir);
    const token = await signDemoToken(await importKey(keys.idp.privateJwk, 'ES256'), keys.idp.kid, config.auth.issuer, config.auth.audience, {
      role: 'ANALYST',
      agency: 'NC0410200',
    });
    const ask = async () => {
      const start = process.hrtime.bigint();
      const res = await fetch(hub.gateway.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({ query: QUERY }),
      });
      const body = (await res.json()) as { data?: { recidivism: { cells: unknown[] } }; errors?: unknown[] };
      if (body.errors || !body.data) throw new Error(`the query failed: ${JSON.stringify(body.errors)}`);
      return { ms: Number(process.hrtime.bigint() - start) / 1e6, cells: body.data.recidivism.cells.length };
    };
    const first = await ask();
    const times: number[] = [];
    for (let i = 0; i < RUNS; i++) times.push((await ask()).ms);
    times.sort((a, b) => a - b);
    const median = times[Math.floor(times.length / 2)]!;
    process.stdout.write(
      `re-arrest by tier x quarterly cohort through the gateway as ANALYST (${first.cells} cells): first ${first.ms.toFixed(0)} ms, ` +
        `median of ${RUNS} ${median.toFixed(0)} ms (min ${times[0]!.toFixed(0)}, max ${times[times.length - 1]!.toFixed(0)}); target < ${TARGET_MS} ms: ${median < TARGET_MS ? 'met' : 'NOT met'}\n`,
    );

    const plan = (await tiering.query(`EXPLAIN (ANALYZE, BUFFERS) ${RECIDIVISM_SQL}`, [365, new Date()])) as { 'QUERY PLAN': string }[];
    const lines = plan.map((r) => r['QUERY PLAN']);
    process.stdout.write('query plan (index use and timing):\n');
    for (const l of lines) if (/Index|Seq Scan|Hash Join|Merge Join|Nested Loop|Execution Time|Planning Time/.test(l)) process.stdout.write(`  ${l.trim()}\n`);
  } finally {
    await hub.stop();
    await pg.stop();
    fs.rmSync(stateDir, { recursive: true, force: true });
  }
}

void main().catch((e) => {
  process.stderr.write(`bench:analytics failed: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
});
