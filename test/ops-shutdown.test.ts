/**
 * SIGTERM on a real `npm start` process under load: it stops accepting, every request already in
 * flight completes with its answer, then it closes its pools and exits 0. The in-flight requests are
 * held inside PostgreSQL by a table lock the test owns, so they are provably in flight at the signal.
 */
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { importKey, loadOrCreateDevKeys, loadConfig, signDemoToken } from '@ipvi/core';
import { migratedDatabases, runScript, type ChildDatabases, type RunningChild } from './ops-process';

const IN_FLIGHT = 10;
let child: RunningChild | undefined;
let lock: Client | undefined;
let dbs: ChildDatabases;
let stateDir: string;

beforeAll(async () => {
  dbs = await migratedDatabases(); // migrated once per run: the child starts without running the migrations (not the subject here)
  stateDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ipvi-ops-'));
});
afterAll(async () => {
  child?.reap();
  await lock?.end().catch(() => undefined);
  await dbs?.drop();
  fs.rmSync(stateDir, { recursive: true, force: true });
});

/** GET /health on a new TCP connection (no keep-alive pool). */
function newConnection(url: string): Promise<number> {
  return new Promise((resolve, reject) => {
    http.get(url.replace('/graphql', '/health'), { agent: false }, (res) => resolve(res.statusCode ?? 0)).once('error', reject);
  });
}

async function waitUntil(what: string, check: () => Promise<boolean>, ms: number): Promise<void> {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out waiting until ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

it('drains every in-flight request on SIGTERM, then exits 0', async () => {
  const env = {
    ...dbs.env,
    HUB_STATE_DIR: stateDir,
    PORT: '0',
    INCIDENTS_PORT: '0',
    TIERING_PORT: '0',
    VICTIM_SERVICES_PORT: '0',
    LOG_LEVEL: 'info',
    HUB_ENV: 'development',
  };
  child = runScript('scripts/start.ts', ['--no-seed'], env);
  const url = (await child.waitFor(/Gateway\s+(http:\/\/\S+\/graphql)/, 90_000))[1]!;
  const config = loadConfig({ HUB_STATE_DIR: stateDir });
  const { idp } = await loadOrCreateDevKeys(stateDir);
  const token = await signDemoToken(await importKey(idp.privateJwk, 'ES256'), idp.kid, config.auth.issuer, config.auth.audience, {
    role: 'OFFICER',
    agency: 'NC0410200',
  });
  const ask = () =>
    fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query: '{ incidents(first: 5) { totalCount } }' }),
    }).then(async (r) => ({ status: r.status, body: (await r.json()) as { data?: unknown; errors?: unknown[] } }));
  expect((await ask()).status).toBe(200); // warm: plans cached, pools open

  // Hold the incidents table so the next requests wait inside PostgreSQL.
  lock = new Client({ connectionString: dbs.urls.incidents });
  lock.on('error', () => undefined);
  await lock.connect();
  await lock.query('BEGIN');
  await lock.query('LOCK TABLE incident IN ACCESS EXCLUSIVE MODE');
  let settled = 0;
  const inFlight = Array.from({ length: IN_FLIGHT }, () => ask().finally(() => settled++));
  const waiting = async () =>
    Number((await lock!.query(`SELECT count(*) AS n FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND datname = current_database()`)).rows[0].n);
  await waitUntil('requests wait on the lock', async () => (await waiting()) >= 1, 30_000);
  await new Promise((r) => setTimeout(r, 1500)); // let every request reach the subgraph
  const activity = (
    await lock.query(`SELECT wait_event_type, state, left(query, 60) AS q FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()`)
  ).rows;
  expect({ settled, activity }).toEqual({ settled: 0, activity: expect.arrayContaining([expect.objectContaining({ wait_event_type: 'Lock' })]) });

  child.proc.kill('SIGTERM');
  await child.waitFor(/"msg":"stopping: draining in-flight requests"/, 10_000);
  // It no longer accepts: a new connection is refused (or reset, when it raced the close) while the old requests are still waiting.
  await expect(newConnection(url)).rejects.toThrow(/ECONNREFUSED|ECONNRESET/);
  expect(settled).toBe(0);

  await lock.query('COMMIT');
  await lock.end();
  const answers = await Promise.all(inFlight);
  expect(answers.map((a) => a.status)).toEqual(Array(IN_FLIGHT).fill(200));
  expect(answers.filter((a) => a.body.errors === undefined && a.body.data)).toHaveLength(IN_FLIGHT);
  expect(await child.exited).toEqual({ code: 0, signal: null });
  expect(child.output()).toContain('"msg":"stopped"');
}, 150_000);
