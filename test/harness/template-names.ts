/** The names of a test run's template databases (kept apart from templates.ts, which loads every service). */
import { Client } from 'pg';
import { databaseUrl } from '@ipvi/core';

/** Names this run's templates (set by global setup; a shared server may hold other runs' templates). */
export const RUN_ID_ENV = 'IPVI_TEST_RUN_ID';
export const TEMPLATE_PREFIX = 'tpl_';

export const runId = (): string => (process.env[RUN_ID_ENV] ?? 'local').toLowerCase().replace(/[^a-z0-9]/g, '');

declare global {
  /** Kept by the integration environment (test/harness/environment.js) for the whole worker process; absent in Jest's main process. */
  var __ipviWorkerShared: Map<string, unknown> | undefined;
}

interface SharedAdmin {
  client: Promise<Client>;
  /** The end of the last queued `withAdmin` call: calls take turns on the one session (its advisory locks are re-entrant). */
  turn: Promise<unknown>;
}

/** The worker's admin connection to `serverUrl`, opened once: each connection costs the server a process (about 20 ms of CPU). */
function sharedAdmin(serverUrl: string, shared: Map<string, unknown>): SharedAdmin {
  const key = `admin ${serverUrl}`;
  let admin = shared.get(key) as SharedAdmin | undefined;
  if (!admin) {
    const forget = () => shared.get(key) === admin && shared.delete(key);
    const client = (async () => {
      const c = new Client({ connectionString: databaseUrl(serverUrl, 'postgres') });
      c.on('error', forget); // a broken connection is replaced by the next call
      c.on('end', forget);
      await c.connect();
      // An idle admin connection must not keep the worker alive when Jest ends it.
      (c as unknown as { connection: { stream: { unref?: () => void } } }).connection.stream.unref?.();
      return c;
    })();
    client.catch(forget);
    admin = { client, turn: Promise.resolve() };
    shared.set(key, admin);
  }
  return admin;
}

/**
 * Runs `fn` with a client on the server's `postgres` database (creating, cloning and dropping databases): in a test worker
 * the worker's one admin connection, one call at a time; elsewhere (global setup and teardown) a connection of its own.
 */
export async function withAdmin<T>(serverUrl: string, fn: (c: Client) => Promise<T>): Promise<T> {
  const shared = globalThis.__ipviWorkerShared;
  if (shared) {
    const admin = sharedAdmin(serverUrl, shared);
    const run = admin.turn.then(async () => fn(await admin.client));
    admin.turn = run.catch(() => undefined);
    return run;
  }
  const c = new Client({ connectionString: databaseUrl(serverUrl, 'postgres') });
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}

/** Drops databases (with their connections) on the worker's admin connection. */
export async function dropDatabases(serverUrl: string, names: readonly string[]): Promise<void> {
  await withAdmin(serverUrl, async (c) => {
    for (const name of names) await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  });
}

/** Drops this run's templates (for a shared server given by TEST_DATABASE_URL; an embedded one is thrown away whole). */
export async function dropTemplates(serverUrl: string): Promise<void> {
  await withAdmin(serverUrl, async (c) => {
    const rows = (await c.query<{ datname: string }>('SELECT datname FROM pg_database WHERE datname LIKE $1', [`${TEMPLATE_PREFIX}${runId()}\\_%`])).rows;
    for (const { datname } of rows) {
      await c.query(`ALTER DATABASE "${datname}" WITH IS_TEMPLATE false`);
      await c.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
    }
  });
}
