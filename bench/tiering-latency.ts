/**
 * How long until a new incident shows in the offender's tier, through the gateway, on the demo hub.
 * Starts the whole hub with demo data (embedded PostgreSQL in a fresh temp folder, free ports,
 * consumers polling as in `npm start`), waits until tiering has consumed the seeded feed, then
 * records incidents one at a time through the gateway (recordIncident as an OFFICER: a new offender
 * with a charged intimate-partner incident) and polls `offender { tier }` as an OFFICER until
 * the tier appears. Prints p50/p95/max. A script, not a test: `npx tsx bench/tiering-latency.ts [runs]`.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  DEMO_POLICE_ORI,
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
import { startHub } from '../scripts/hub';

const RUNS = Number(process.argv[2] ?? 40);
const RECORD = 'mutation($input: RecordIncidentInput!) { recordIncident(input: $input) { incident { offenders { id } } } }';
const TARGET_P95_MS = 2000;

const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.ceil((p / 100) * xs.length) - 1)]!;

async function main(): Promise<void> {
  const stateDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ipvi-bench-'));
  const log = createLogger('warn');
  const pg = await startTemporaryPostgres(log);
  const config = loadConfig({ HUB_ENV: 'development', HUB_STATE_DIR: stateDir, LOG_LEVEL: 'warn' });
  const urls = Object.fromEntries(SERVICE_NAMES.map((n) => [n, databaseUrl(pg.url, `bench_${n.replace(/-/g, '_')}`)])) as Record<ServiceName, string>;
  const hub = await startHub({ config, log, databaseUrls: urls, seed: true, port: 0 });
  try {
    const tiering = hub.services.tiering.dataSource;
    const t0 = Date.now();
    for (;;) {
      const [{ n }] = (await tiering.query(`SELECT count(*)::int AS n FROM feed_applied`)) as [{ n: number }];
      if (n >= 1500) break;
      await new Promise((r) => setTimeout(r, 200));
    }
    process.stdout.write(`demo feed consumed by tiering in ${((Date.now() - t0) / 1000).toFixed(1)} s (1500 events, polling every ${config.feedPollMs} ms)\n`);
    const keys = await loadOrCreateDevKeys(stateDir);
    const token = await signDemoToken(await importKey(keys.idp.privateJwk, 'ES256'), keys.idp.kid, config.auth.issuer, config.auth.audience, {
      role: 'OFFICER',
      agency: DEMO_POLICE_ORI,
    });
    const gql = async <T>(query: string, variables: Record<string, unknown>): Promise<{ data?: T | null; errors?: unknown[] }> => {
      const res = await fetch(hub.gateway.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({ query, variables }),
      });
      const body = (await res.json()) as { data?: T | null; errors?: unknown[] };
      if (body.errors?.length && !body.data) throw new Error(`the graph refused: ${JSON.stringify(body.errors)}`);
      return body;
    };
    const latencies: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      const occurredAt = new Date(Date.now() - 3600_000).toISOString();
      const recorded = await gql<{ recordIncident: { incident: { offenders: { id: string }[] } } }>(RECORD, {
        input: {
          agencyOri: DEMO_POLICE_ORI,
          rmsNumber: `BENCH${Date.now()}${i}`,
          occurredAt,
          offenses: ['13B'],
          relationshipCode: 'BG',
          arrestMade: true,
          offender: { name: `Bench Person ${i}`, dateOfBirth: '1988-02-03' },
          charges: [{ statute: '14-33(c)(2)', description: 'Assault on a female', dvRelated: true, felony: false }],
        },
      });
      const offenderId = recorded.data!.recordIncident.incident.offenders[0]!.id;
      const start = performance.now();
      for (;;) {
        const body = await gql<{ offender: { tier: { level: string } | null } | null }>('query($id: ID!) { offender(id: $id) { tier { level } } }', {
          id: offenderId,
        });
        if (body.data?.offender?.tier) break;
        await new Promise((r) => setTimeout(r, 10));
      }
      latencies.push(performance.now() - start);
      await new Promise((r) => setTimeout(r, Math.random() * 200)); // arrive at random points of the poll cycle
    }
    const f = (x: number) => `${x.toFixed(0)} ms`;
    process.stdout.write(
      `incident -> tier through the gateway, ${RUNS} runs: p50 ${f(pct(latencies, 50))}, p95 ${f(pct(latencies, 95))}, max ${f(Math.max(...latencies))} (target p95 < ${TARGET_P95_MS} ms)\n`,
    );
  } finally {
    await hub.stop();
    await pg.stop();
    fs.rmSync(stateDir, { recursive: true, force: true });
  }
}

void main();
