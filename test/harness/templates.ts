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
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Client } from 'pg';
import { SERVICE_NAMES, createLogger, databaseUrl, loadConfig, openServiceDatabase, type ServiceName } from '@ipvi/core';
import { SERVICES } from '../../scripts/hub';
import { TEMPLATE_PREFIX, runId, withAdmin } from './template-names';

const dbName = (s: ServiceName) => s.replace(/-/g, '_');

/** Which template a hub clones: migrations only (any env), or migrations plus the demo seed under one env. */
function templateKey(seed: boolean, env: Record<string, string>): string {
  if (!seed) return 'm';
  const canonical = JSON.stringify(Object.entries(env).sort(([a], [b]) => a.localeCompare(b)));
  return `s${createHash('sha256').update(canonical).digest('hex').slice(0, 10)}`;
}

async function exists(c: Client, name: string): Promise<boolean> {
  return ((await c.query('SELECT 1 FROM pg_database WHERE datname = $1 AND datistemplate', [name])).rowCount ?? 0) > 0;
}

/** Seals a built database as a template: no connections from now on, so it can be cloned at any time. */
async function seal(c: Client, name: string): Promise<void> {
  await c.query(`ALTER DATABASE "${name}" WITH IS_TEMPLATE true ALLOW_CONNECTIONS false`);
}

async function clone(c: Client, name: string, template: string): Promise<void> {
  await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  await c.query(`CREATE DATABASE "${name}" TEMPLATE "${template}"`);
}

/** Builds the migrations-only templates (or the seeded ones, from those) unless this run has them already. */
async function ensureTemplates(serverUrl: string, key: string, env: Record<string, string>): Promise<Record<ServiceName, string>> {
  const names = Object.fromEntries(SERVICE_NAMES.map((s) => [s, `${TEMPLATE_PREFIX}${runId()}_${key}_${dbName(s)}`])) as Record<ServiceName, string>;
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

/**
 * Fresh databases named `<prefix>_<service>` cloned from this run's templates: migrated, and seeded
 * with the demo data when `seed` (under `env`, which the seed may read). Returns their URLs.
 */
export async function cloneDatabases(
  serverUrl: string,
  prefix: string,
  opts: { seed: boolean; env: Record<string, string> },
): Promise<Record<ServiceName, string>> {
  const templates = await ensureTemplates(serverUrl, templateKey(opts.seed, opts.env), opts.env);
  const urls = {} as Record<ServiceName, string>;
  await withAdmin(serverUrl, async (c) => {
    for (const s of SERVICE_NAMES) {
      const name = `${prefix}_${dbName(s)}`;
      await clone(c, name, templates[s]);
      urls[s] = databaseUrl(serverUrl, name);
    }
  });
  return urls;
}
