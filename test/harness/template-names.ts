/** The names of a test run's template databases (kept apart from templates.ts, which loads every service). */
import { Client } from 'pg';
import { databaseUrl } from '@ipvi/core';

/** Names this run's templates (set by global setup; a shared server may hold other runs' templates). */
export const RUN_ID_ENV = 'IPVI_TEST_RUN_ID';
export const TEMPLATE_PREFIX = 'tpl_';

export const runId = (): string => (process.env[RUN_ID_ENV] ?? 'local').toLowerCase().replace(/[^a-z0-9]/g, '');

/** Runs `fn` with a client on the server's `postgres` database (creating, cloning and dropping databases). */
export async function withAdmin<T>(serverUrl: string, fn: (c: Client) => Promise<T>): Promise<T> {
  const c = new Client({ connectionString: databaseUrl(serverUrl, 'postgres') });
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
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
