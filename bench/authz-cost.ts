/**
 * `npm run bench:authz`: what field-level authorization and the audit trail cost. Serves the
 * incidents subgraph twice on the same seeded database (authorization enforced, and built without
 * shield and audit, a switch only benchmarks can reach) and times a 100-item list query with
 * several fields and offenders on each: ms/op one at a time, req/s with 8 in flight, and the ratios.
 * The modes are interleaved so that a busy machine slows both alike.
 * Prints figures; asserts nothing. Uses TEST_DATABASE_URL (a server it may create a database on),
 * else an embedded PostgreSQL on a free port in a temporary folder.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import {
  INTERNAL_IDENTITY_HEADER,
  createLogger,
  databaseUrl,
  dropDatabase,
  internalSignerFor,
  internalVerifierFor,
  loadConfig,
  openServiceDatabase,
  startTemporaryPostgres,
  startSubgraph,
} from '@ipvi/core';
import { incidentsService } from '@ipvi/incidents';

const QUERY = `query Bench { incidents(first: 100) { edges { node {
  id rmsNumber occurredAt relationshipCode isIntimatePartner arrestMade narrative offenses { code description } offenders { id name dateOfBirth }
} } } }`;
const SEQUENTIAL = 150;
const BLOCKS = 30;
const BLOCK = 24;
const IN_FLIGHT = 8;

type Mode = 'enforced' | 'disabled-for-benchmark';
const MODES: readonly Mode[] = ['enforced', 'disabled-for-benchmark'];
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/** Latency of single requests, the two modes interleaved request by request (a busy machine hits both alike). */
async function latencies(send: Record<Mode, () => Promise<void>>): Promise<Record<Mode, number>> {
  const ms: Record<Mode, number[]> = { enforced: [], 'disabled-for-benchmark': [] };
  for (let i = 0; i < SEQUENTIAL; i++) {
    for (const mode of i % 2 ? MODES : [...MODES].reverse()) {
      const t0 = performance.now();
      await send[mode]();
      ms[mode].push(performance.now() - t0);
    }
  }
  return { enforced: median(ms.enforced), 'disabled-for-benchmark': median(ms['disabled-for-benchmark']) };
}

/** Throughput with IN_FLIGHT concurrent requests, in short blocks alternating between the modes. */
async function throughputs(send: Record<Mode, () => Promise<void>>): Promise<Record<Mode, number>> {
  const rps: Record<Mode, number[]> = { enforced: [], 'disabled-for-benchmark': [] };
  for (let b = 0; b < BLOCKS; b++) {
    for (const mode of b % 2 ? MODES : [...MODES].reverse()) {
      let left = BLOCK;
      const t0 = performance.now();
      await Promise.all(
        Array.from({ length: IN_FLIGHT }, async () => {
          while (left-- > 0) await send[mode]();
        }),
      );
      rps[mode].push(BLOCK / ((performance.now() - t0) / 1000));
    }
  }
  return { enforced: median(rps.enforced), 'disabled-for-benchmark': median(rps['disabled-for-benchmark']) };
}

async function main(): Promise<void> {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'ipvi-bench-'));
  fs.chmodSync(tmp, 0o755);
  const log = createLogger('warn');
  const embedded = process.env.TEST_DATABASE_URL ? undefined : await startTemporaryPostgres(log);
  const dbUrl = databaseUrl(process.env.TEST_DATABASE_URL ?? embedded!.url, `bench_${randomBytes(4).toString('hex')}`);
  const config = loadConfig({ HUB_ENV: 'test', HUB_STATE_DIR: tmp, LOG_LEVEL: 'silent' });
  const ds = await openServiceDatabase(incidentsService, dbUrl, 20);
  try {
    await incidentsService.seed!(ds, { log, config });
    const verifier = await internalVerifierFor(config, 'incidents');
    const deps = { config, dataSource: ds, log, verifier };
    const servers = {
      enforced: await startSubgraph(incidentsService.definition, { ...deps, authorization: 'enforced' }, 0),
      'disabled-for-benchmark': await startSubgraph(incidentsService.definition, { ...deps, authorization: 'disabled-for-benchmark' }, 0),
    };
    const identity = await (await internalSignerFor(config)).tokenFor({ sub: 'bench', roles: ['OFFICER'], agency: 'NC0410200', scope: [] }, 'incidents');
    const senders = Object.fromEntries(
      Object.entries(servers).map(([mode, s]) => [
        mode,
        async () => {
          const res = await fetch(s.url, {
            method: 'POST',
            headers: { 'content-type': 'application/json', [INTERNAL_IDENTITY_HEADER]: identity },
            body: JSON.stringify({ query: QUERY }),
          });
          const body = (await res.json()) as { data?: { incidents: { edges: unknown[] } }; errors?: unknown };
          if (body.errors || body.data?.incidents.edges.length !== 100) throw new Error(`unexpected answer in ${mode}: ${JSON.stringify(body).slice(0, 300)}`);
        },
      ]),
    ) as Record<keyof typeof servers, () => Promise<void>>;
    for (const send of Object.values(senders)) for (let i = 0; i < 30; i++) await send(); // warm up
    const ms = await latencies(senders);
    const rps = await throughputs(senders);
    const on = { ms: ms.enforced, rps: rps.enforced };
    const off = { ms: ms['disabled-for-benchmark'], rps: rps['disabled-for-benchmark'] };
    process.stdout.write(`incidents(first: 100) with 9 incident fields, offenses and offenders, as OFFICER, straight to the incidents subgraph
(medians: ${SEQUENTIAL} single requests per mode, interleaved; ${BLOCKS} blocks of ${BLOCK} requests with ${IN_FLIGHT} in flight per mode, alternating)
  authorization + audit ON : ${on.ms.toFixed(2)} ms/op, ${on.rps.toFixed(0)} req/s
  authorization + audit OFF: ${off.ms.toFixed(2)} ms/op, ${off.rps.toFixed(0)} req/s
  cost of ON               : ${(on.ms / off.ms).toFixed(2)}x latency, ${(off.rps / on.rps).toFixed(2)}x throughput (target: within 2x)
`);
    await Promise.all(Object.values(servers).map((s) => s.close()));
  } finally {
    await ds.destroy();
    await dropDatabase(dbUrl).catch(() => undefined);
    await embedded?.stop();
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

void main();
