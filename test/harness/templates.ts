/**
 * Template databases for the integration harness: the migrations run once per test run (and the
 * demo seed once per seeding configuration) into template databases, and each test file gets fresh
 * databases cloned from them with `CREATE DATABASE x TEMPLATE y` (a file copy, far faster than
 * running every migration again).
 *
 * Test files run in parallel worker processes, so a template is built under a PostgreSQL advisory
 * lock by whichever file needs it first; the others wait and then clone. A template takes no
 * connections once built (`ALLOW_CONNECTIONS false`): PostgreSQL refuses to clone a database
 * someone is connected to.
 *
 * A seeded template may also come drained: its feeds applied once per run (the tiers, notifications and
 * referrals the demo's 1,500 events make) by a hub started on the template while it is built, so the
 * files that seed and drain do not each replay every event (about 35 s under load, per file).
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Client } from 'pg';
import { SERVICE_NAMES, createLogger, databaseUrl, loadConfig, openServiceDatabase, type ServiceName } from '@ipvi/core';
import { SERVICES, startHub } from '../../scripts/hub';
import { TEMPLATE_PREFIX, runId, withAdmin } from './template-names';

const dbName = (s: ServiceName) => s.replace(/-/g, '_');

/** Which feeds a seeded template has applied: one service's consumers, or every service's. */
export type Drained = ServiceName | 'all';

/** Which template a hub clones: migrations only (any env), or migrations plus the demo seed under one env (and its feeds drained). */
function templateKey(seed: boolean, env: Record<string, string>, drained?: Drained): string {
  if (!seed) return 'm';
  const canonical = JSON.stringify(Object.entries(env).sort(([a], [b]) => a.localeCompare(b)));
  const seeded = `s${createHash('sha256').update(canonical).digest('hex').slice(0, 10)}`;
  return drained ? `${seeded}_d${drained === 'all' ? 'all' : dbName(drained)}` : seeded;
}

async function exists(c: Client, name: string): Promise<boolean> {
  return ((await c.query('SELECT 1 FROM pg_database WHERE datname = $1 AND datistemplate', [name])).rowCount ?? 0) > 0;
}

/** Seals a built database as a template: no connections from now on, so it can be cloned at any time. */
async function seal(c: Client, name: string): Promise<void> {
  await c.query(`ALTER DATABASE "${name}" WITH IS_TEMPLATE true ALLOW_CONNECTIONS false`);
}

/** The server's version number per admin connection's server (asked once: SHOW is a round trip on every clone otherwise). */
const versions = new WeakMap<Client, number>();
async function serverVersion(c: Client): Promise<number> {
  let v = versions.get(c);
  if (v === undefined) {
    v = Number((await c.query<{ server_version_num: string }>('SHOW server_version_num')).rows[0]?.server_version_num);
    versions.set(c, v);
  }
  return v;
}

/**
 * Clones a template by copying its files (PostgreSQL 15's FILE_COPY) rather than page by page through the WAL (the default
 * WAL_LOG, meant for large templates): about twice as fast for these 8 to 15 MB databases on the test server, whose
 * checkpoints cost little with fsync off. `fresh`: the name is new (a random prefix), so there is nothing to drop first.
 */
async function clone(c: Client, name: string, template: string, fresh = false): Promise<void> {
  if (!fresh) await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  // A TEST_DATABASE_URL server older than 15 has only the one way.
  await c.query(`CREATE DATABASE "${name}" TEMPLATE "${template}"${(await serverVersion(c)) >= 150000 ? ' STRATEGY FILE_COPY' : ''}`);
}

/** Builds the migrations-only templates (or the seeded ones, from those) unless this run has them already. */
async function ensureTemplates(serverUrl: string, key: string, env: Record<string, string>, drained?: Drained): Promise<Record<ServiceName, string>> {
  const names = Object.fromEntries(SERVICE_NAMES.map((s) => [s, `${TEMPLATE_PREFIX}${runId()}_${key}_${dbName(s)}`])) as Record<ServiceName, string>;
  if (drained) {
    // 'all' is the tiering-drained template with the services after tiering drained too: the order of drainFeeds() (the
    // services before tiering have no consumers), so the tiering feed is replayed once per run, not once per template.
    const seededKey = key.slice(0, key.indexOf('_d'));
    const seeded =
      drained === 'all' ? await ensureTemplates(serverUrl, `${seededKey}_dtiering`, env, 'tiering') : await ensureTemplates(serverUrl, seededKey, env);
    await withAdmin(serverUrl, async (c) => {
      await c.query('SELECT pg_advisory_lock(hashtext($1))', [`${runId()}_${key}`]);
      try {
        if ((await Promise.all(SERVICE_NAMES.map((s) => exists(c, names[s])))).every(Boolean)) return;
        const building = Object.fromEntries(SERVICE_NAMES.map((s) => [s, `${names[s]}_build`])) as Record<ServiceName, string>;
        for (const s of SERVICE_NAMES) await clone(c, building[s], seeded[s]);
        await drain(Object.fromEntries(SERVICE_NAMES.map((s) => [s, databaseUrl(serverUrl, building[s])])) as Record<ServiceName, string>, drained, env);
        for (const s of SERVICE_NAMES) {
          await c.query(`DROP DATABASE IF EXISTS "${names[s]}" WITH (FORCE)`);
          await c.query(`ALTER DATABASE "${building[s]}" RENAME TO "${names[s]}"`);
          await seal(c, names[s]);
        }
      } finally {
        await c.query('SELECT pg_advisory_unlock(hashtext($1))', [`${runId()}_${key}`]);
      }
    });
    return names;
  }
  if (key !== 'm') await ensureTemplates(serverUrl, 'm', {});
  await withAdmin(serverUrl, async (c) => {
    await c.query('SELECT pg_advisory_lock(hashtext($1))', [`${runId()}_${key}`]);
    try {
      for (const s of SERVICE_NAMES) {
        if (await exists(c, names[s])) continue;
        const building = `${names[s]}_build`;
        if (key === 'm') {
          await c.query(`DROP DATABASE IF EXISTS "${building}" WITH (FORCE)`);
          await c.query(`CREATE DATABASE "${building}"`);
        } else await clone(c, building, `${TEMPLATE_PREFIX}${runId()}_m_${dbName(s)}`);
        await build(s, databaseUrl(serverUrl, building), key !== 'm', env);
        await c.query(`ALTER DATABASE "${building}" RENAME TO "${names[s]}"`);
        await seal(c, names[s]);
      }
    } finally {
      await c.query('SELECT pg_advisory_unlock(hashtext($1))', [`${runId()}_${key}`]);
    }
  });
  return names;
}

/** Runs every migration of a service on a database (and its demo seed), then closes every connection to it. */
async function build(s: ServiceName, url: string, seed: boolean, env: Record<string, string>): Promise<void> {
  const mod = SERVICES[s];
  const ds = await openServiceDatabase(mod, url);
  try {
    if (seed && mod.seed) {
      const stateDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ipvi-template-'));
      try {
        const config = loadConfig({ HUB_ENV: 'test', HUB_STATE_DIR: stateDir, LOG_LEVEL: 'silent', ...env });
        await mod.seed(ds, { log: createLogger('silent'), config });
      } finally {
        fs.rmSync(stateDir, { recursive: true, force: true });
      }
    }
  } finally {
    await ds.destroy();
  }
}

/** Starts a hub (no polling consumers) on seeded databases, applies the feeds of `drained` to the end, and stops it ('all': on the tiering-drained ones, the rest). */
async function drain(databaseUrls: Record<ServiceName, string>, drained: Drained, env: Record<string, string>): Promise<void> {
  const stateDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ipvi-template-'));
  try {
    const config = loadConfig({ HUB_ENV: 'test', HUB_STATE_DIR: stateDir, LOG_LEVEL: 'silent', ...env });
    const hub = await startHub({ config, log: createLogger('silent'), databaseUrls, seed: false, port: 0, consumers: false });
    try {
      const after = SERVICE_NAMES.slice(SERVICE_NAMES.indexOf('tiering') + 1);
      if (drained === 'all' && SERVICE_NAMES.slice(0, SERVICE_NAMES.indexOf('tiering')).some((s) => hub.services[s].consumers.length))
        throw new Error('a service before tiering has feed consumers: the drained templates assume none');
      for (const s of drained === 'all' ? after : [drained]) for (const consumer of hub.services[s].consumers) await consumer.drain();
    } finally {
      await hub.stop();
    }
  } finally {
    fs.rmSync(stateDir, { recursive: true, force: true });
  }
}

/**
 * Fresh databases named `<prefix>_<service>` cloned from this run's templates: migrated, and seeded
 * with the demo data when `seed` (under `env`, which the seed may read), with the feeds of `drained`
 * applied when given (as `drainFeeds(drained)` would right after the seed). Returns their URLs.
 */
export async function cloneDatabases(
  serverUrl: string,
  prefix: string,
  opts: { seed: boolean; env: Record<string, string>; drained?: Drained },
): Promise<Record<ServiceName, string>> {
  return Object.fromEntries(await cloneSome(serverUrl, prefix, SERVICE_NAMES, opts)) as Record<ServiceName, string>;
}

/**
 * One service's fresh database, `<prefix>_<service>`, cloned as cloneDatabases would (for a test that needs a second copy of
 * one database only: a clone costs the server about 0.1 s of CPU). Returns its URL.
 */
export async function cloneDatabase(
  serverUrl: string,
  prefix: string,
  service: ServiceName,
  opts: { seed: boolean; env: Record<string, string>; drained?: Drained },
): Promise<string> {
  return (await cloneSome(serverUrl, prefix, [service], opts))[0]![1];
}

async function cloneSome(
  serverUrl: string,
  prefix: string,
  services: readonly ServiceName[],
  opts: { seed: boolean; env: Record<string, string>; drained?: Drained },
): Promise<[ServiceName, string][]> {
  const drained = opts.seed ? opts.drained : undefined;
  const templates = await ensureTemplates(serverUrl, templateKey(opts.seed, opts.env, drained), opts.env, drained);
  // One after another on the worker's admin connection (test/harness/template-names.ts): a connection per clone costs the
  // server more CPU than the clones' overlap saves in time.
  return withAdmin(serverUrl, async (c) => {
    const urls: [ServiceName, string][] = [];
    for (const s of services) {
      const name = `${prefix}_${dbName(s)}`;
      await clone(c, name, templates[s], true);
      urls.push([s, databaseUrl(serverUrl, name)]);
    }
    return urls;
  });
}
