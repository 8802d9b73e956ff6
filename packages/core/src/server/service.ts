/**
 * Running one subgraph as a process of its own (an agency that hosts only its subgraph) or inside
 * the all-in-one hub: resolve its database (configured URL, else the embedded server), migrate,
 * optionally seed, start.
 */
import path from 'node:path';
import type { DataSource, EntitySchema, MixedList } from 'typeorm';
import { AuditTrail1764000000000 } from '../audit/migration';
import type { HubConfig, ServiceName } from '../config';
import { databaseUrl, openDatabase } from '../db/database';
import { startEmbeddedPostgres, type EmbeddedServer } from '../db/embedded';
import { internalVerifierFor } from '../identity/resolve-keys';
import type { Logger } from '../logger';
import { startSubgraph, type SubgraphDefinition } from './subgraph';
import type { RunningServer } from './http';

export interface ServiceModule<Loaders> {
  readonly definition: SubgraphDefinition<Loaders>;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  readonly entities: MixedList<Function | EntitySchema<any>>;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  readonly migrations: MixedList<Function>;
  /** Deterministic demo data; idempotent. */
  readonly seed?: (ds: DataSource, env: { readonly log: Logger; readonly config: HubConfig }) => Promise<void>;
}

/** The embedded server, when any service lacks a configured database URL. */
export async function embeddedServerIfNeeded(config: HubConfig, names: readonly ServiceName[], log: Logger): Promise<EmbeddedServer | undefined> {
  if (names.every((n) => config.services[n].databaseUrl)) return undefined;
  log.info('no database URL configured: starting the embedded PostgreSQL', { port: config.embeddedPgPort });
  return startEmbeddedPostgres({ dataDir: path.join(config.stateDir, 'pgdata'), port: config.embeddedPgPort, log });
}

/** The database URL of a service: its configured one, else its database on the given server. */
export function serviceDatabaseUrl(config: HubConfig, name: ServiceName, serverUrl: string | undefined): string {
  const own = config.services[name].databaseUrl;
  if (own) return own;
  if (!serverUrl) throw new Error(`no database for ${name}: configure ${name.toUpperCase().replace(/-/g, '_')}_DATABASE_URL or DATABASE_URL`);
  return databaseUrl(serverUrl, config.services[name].databaseName);
}

export async function openServiceDatabase<L>(mod: ServiceModule<L>, url: string, poolSize?: number): Promise<DataSource> {
  return openDatabase({ url, entities: mod.entities, migrations: [AuditTrail1764000000000, ...(mod.migrations as Function[])], poolSize });
}

export interface StartedService {
  readonly name: ServiceName;
  readonly server: RunningServer;
  readonly dataSource: DataSource;
  stop(): Promise<void>;
}

export async function startService<L>(
  mod: ServiceModule<L>,
  opts: { config: HubConfig; log: Logger; databaseUrl: string; port?: number; seed?: boolean; now?: () => Date },
): Promise<StartedService> {
  const name = mod.definition.name;
  const log = opts.log.child({ service: name });
  const dataSource = await openServiceDatabase(mod, opts.databaseUrl);
  if (opts.seed && mod.seed) await mod.seed(dataSource, { log, config: opts.config });
  const verifier = await internalVerifierFor(opts.config, name);
  const server = await startSubgraph(mod.definition, { config: opts.config, dataSource, log, verifier, now: opts.now }, opts.port ?? opts.config.services[name].port);
  return {
    name,
    server,
    dataSource,
    stop: async () => {
      await server.close();
      await dataSource.destroy();
    },
  };
}
