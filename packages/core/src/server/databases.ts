/**
 * Where a part's databases are: the embedded PostgreSQL an entry point starts (or attaches to) when a part has no
 * configured database, and each service's database URL. Apart from the service module (which loads TypeORM and Apollo):
 * a launcher or a tool that only needs the server, such as `npm run start:multi` or `npm run audit:verify`, starts in a
 * fraction of the CPU.
 */
import path from 'node:path';
import type { HubConfig, ServiceName } from '../config';
import { databaseUrl } from '../db/database-url';
import { runningEmbeddedPostgres, startEmbeddedPostgres, type EmbeddedServer } from '../db/embedded';
import type { Logger } from '../logger';

/** The embedded server, when any service lacks a configured database URL. */
export async function embeddedServerIfNeeded(config: HubConfig, names: readonly ServiceName[], log: Logger): Promise<EmbeddedServer | undefined> {
  if (names.every((n) => config.services[n].databaseUrl)) return undefined;
  log.info('no database URL configured: starting the embedded PostgreSQL', { port: config.embeddedPgPort });
  return startEmbeddedPostgres({ dataDir: path.join(config.stateDir, 'pgdata'), port: config.embeddedPgPort, log });
}

/**
 * For tools (audit:verify) that need the databases while the hub may be running: attaches to the
 * embedded server when one runs on the state folder (stop() leaves it running), else starts one.
 */
export async function embeddedServerForTools(
  config: HubConfig,
  names: readonly ServiceName[],
  log: Logger,
): Promise<Pick<EmbeddedServer, 'url' | 'stop'> | undefined> {
  if (names.every((n) => config.services[n].databaseUrl)) return undefined;
  const dataDir = path.join(config.stateDir, 'pgdata');
  const running = runningEmbeddedPostgres({ dataDir, log });
  if (running) return { url: running, stop: async () => undefined };
  return startEmbeddedPostgres({ dataDir, port: config.embeddedPgPort, log });
}

/** The database URL of a service: its configured one, else its database on the given server. */
export function serviceDatabaseUrl(config: HubConfig, name: ServiceName, serverUrl: string | undefined): string {
  const own = config.services[name].databaseUrl;
  if (own) return own;
  if (!serverUrl) throw new Error(`no database for ${name}: configure ${name.toUpperCase().replace(/-/g, '_')}_DATABASE_URL or DATABASE_URL`);
  return databaseUrl(serverUrl, config.services[name].databaseName);
}
