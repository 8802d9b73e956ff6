/** Databases: create them when missing, open a TypeORM data source, run migrations (never synchronize). */
import { Client, type PoolClient } from 'pg';
import { DataSource, type EntitySchema, type MixedList } from 'typeorm';
import type { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver';
import { PreparingClient } from './preparing-client';

export { databaseUrl } from './database-url';

/** Timeouts of every connection the hub opens, milliseconds (0 = none). */
export interface DatabaseTimeouts {
  /** Longest a connection attempt may take. */
  readonly connectMs: number;
  /** Longest one SQL statement may run (PostgreSQL statement_timeout). */
  readonly statementMs: number;
}

export const DEFAULT_DB_TIMEOUTS: DatabaseTimeouts = Object.freeze({ connectMs: 5_000, statementMs: 30_000 });

/** Creates the database of `url` when it does not exist, connecting to the server's `postgres` database. Safe when two processes race. */
export async function ensureDatabase(url: string, timeouts: DatabaseTimeouts = DEFAULT_DB_TIMEOUTS): Promise<void> {
  const u = new URL(url);
  const name = decodeURIComponent(u.pathname.replace(/^\//, ''));
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`database name must be lower-case letters, digits and _ (got "${name}")`);
  u.pathname = '/postgres';
  const client = new Client({ connectionString: u.toString(), connectionTimeoutMillis: timeouts.connectMs, statement_timeout: timeouts.statementMs });
  await client.connect();
  try {
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (!rowCount) {
      await client.query(`CREATE DATABASE "${name}"`).catch((e: { code?: string }) => {
        // Another process created it a moment ago (duplicate_database, or the catalog's unique index).
        if (e.code !== '42P04' && e.code !== '23505') throw e;
      });
    }
  } finally {
    await client.end();
  }
}

/**
 * A pg client of a data source's pool, for work that needs fewer round trips than TypeORM's transaction() spends (several
 * statements in one simple query, prepared statements of its own). `release(failure)` gives it back; a failure given
 * discards the connection instead.
 */
export async function pooledClient(ds: DataSource): Promise<{ client: PoolClient; release(failure?: unknown): void }> {
  const [client, release] = (await (ds.driver as PostgresDriver).obtainMasterConnection()) as [PoolClient, (failure?: unknown) => void];
  return { client, release };
}

export async function dropDatabase(url: string): Promise<void> {
  const u = new URL(url);
  const name = decodeURIComponent(u.pathname.replace(/^\//, ''));
  u.pathname = '/postgres';
  const client = new Client({ connectionString: u.toString() });
  await client.connect();
  try {
    await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  } finally {
    await client.end();
  }
}

/** A class TypeORM instantiates (an entity or a migration). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- TypeORM's own signature: any constructor arguments
export type ClassType = new (...args: any[]) => unknown;
type EntityList = MixedList<ClassType | string | EntitySchema>;
type MigrationList = MixedList<ClassType | string>;

export interface OpenDatabaseOptions {
  readonly url: string;
  readonly entities: EntityList;
  readonly migrations: MigrationList;
  readonly poolSize?: number;
  /** Run pending migrations (default true). */
  readonly migrate?: boolean;
  readonly timeouts?: DatabaseTimeouts;
}

/** One key for every hub migration run on a database (advisory locks are per database). */
const MIGRATION_LOCK = 74110002;

/** Whether `ds` has a migration its database has not recorded (the migrations table missing counts as pending). */
async function hasPendingMigrations(ds: DataSource): Promise<boolean> {
  let done: Set<string>;
  try {
    done = new Set(((await ds.query('SELECT name FROM migrations')) as { name: string }[]).map((r) => r.name));
  } catch (e) {
    if ((e as { code?: string }).code === '42P01') return true; // undefined_table: a fresh database
    throw e;
  }
  // TypeORM records a migration under its `name`, else its class name (MigrationExecutor.getMigrations).
  return ds.migrations.some((m) => !done.has((m as { name?: string }).name ?? m.constructor.name));
}

/**
 * Runs pending migrations while holding a session advisory lock, so that two instances starting on
 * one fresh database take turns: the second finds nothing left to run. An up-to-date database (every
 * start but the first after a release) is told by one query on the pool, without the lock's connection.
 */
export async function runMigrationsLocked(ds: DataSource, url: string, timeouts: DatabaseTimeouts = DEFAULT_DB_TIMEOUTS): Promise<void> {
  // Migrations are only ever added, so "none pending" stays true once seen; "pending" is decided again under the lock.
  if (!(await hasPendingMigrations(ds))) return;
  // Its own connection (a pool of one must still be able to migrate), without a statement timeout while it waits.
  const lock = new Client({ connectionString: url, connectionTimeoutMillis: timeouts.connectMs });
  await lock.connect();
  try {
    await lock.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
    await ds.runMigrations({ transaction: 'each' });
  } finally {
    await lock.end(); // ends the session, which releases the lock
  }
}

/**
 * Opens a data source on its own database, creating it (through the server's `postgres` database) only when the
 * connection finds it missing, and running pending migrations.
 */
export async function openDatabase(opts: OpenDatabaseOptions): Promise<DataSource> {
  const timeouts = opts.timeouts ?? DEFAULT_DB_TIMEOUTS;
  const dataSource = () =>
    new DataSource({
      type: 'postgres',
      url: opts.url,
      entities: opts.entities,
      migrations: opts.migrations,
      migrationsTableName: 'migrations',
      synchronize: false,
      migrationsRun: false,
      logging: false,
      poolSize: opts.poolSize ?? 10,
      connectTimeoutMS: timeouts.connectMs,
      // A frozen database fails a request after statementMs instead of hanging it. An idle pooled connection is kept a
      // minute (pg's default closes it after 10 s): a new one costs the server about 20-25 ms of CPU, more on a fresh
      // database; the exhaustive authorization test opened 84 connections with 10 s, 49 with 60 s.
      extra: {
        statement_timeout: timeouts.statementMs,
        idle_in_transaction_session_timeout: Math.max(timeouts.statementMs, 60_000),
        idleTimeoutMillis: 60_000,
        // Parameterised statements prepared once per connection (preparing-client.ts).
        Client: PreparingClient,
      },
    });
  let ds = dataSource();
  try {
    await ds.initialize();
  } catch (e) {
    if ((e as { code?: string }).code !== '3D000') throw e; // invalid_catalog_name: the database does not exist yet
    await ensureDatabase(opts.url, timeouts);
    ds = dataSource();
    await ds.initialize();
  }
  if (opts.migrate !== false) await runMigrationsLocked(ds, opts.url, timeouts);
  return ds;
}
