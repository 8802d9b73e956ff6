/** Databases: create them when missing, open a TypeORM data source, run migrations (never synchronize). */
import { Client } from 'pg';
import { DataSource, type EntitySchema, type MixedList } from 'typeorm';

/** Appends a database name to a server URL. */
export function databaseUrl(serverUrl: string, database: string): string {
  const u = new URL(serverUrl);
  u.pathname = `/${database}`;
  return u.toString();
}

/** Creates the database of `url` when it does not exist, connecting to the server's `postgres` database. */
export async function ensureDatabase(url: string): Promise<void> {
  const u = new URL(url);
  const name = decodeURIComponent(u.pathname.replace(/^\//, ''));
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`database name must be lower-case letters, digits and _ (got "${name}")`);
  u.pathname = '/postgres';
  const client = new Client({ connectionString: u.toString() });
  await client.connect();
  try {
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (!rowCount) await client.query(`CREATE DATABASE "${name}"`);
  } finally {
    await client.end();
  }
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

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type EntityList = MixedList<Function | string | EntitySchema<any>>;
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type MigrationList = MixedList<Function | string>;

export interface OpenDatabaseOptions {
  readonly url: string;
  readonly entities: EntityList;
  readonly migrations: MigrationList;
  readonly poolSize?: number;
  /** Run pending migrations (default true). */
  readonly migrate?: boolean;
}

/** Opens a data source on its own database, creating it and running pending migrations. */
export async function openDatabase(opts: OpenDatabaseOptions): Promise<DataSource> {
  await ensureDatabase(opts.url);
  const ds = new DataSource({
    type: 'postgres',
    url: opts.url,
    entities: opts.entities,
    migrations: opts.migrations,
    migrationsTableName: 'migrations',
    synchronize: false,
    migrationsRun: false,
    logging: false,
    poolSize: opts.poolSize ?? 10,
  });
  await ds.initialize();
  if (opts.migrate !== false) await ds.runMigrations({ transaction: 'each' });
  return ds;
}
