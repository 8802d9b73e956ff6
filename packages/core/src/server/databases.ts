/**
 * The embedded PostgreSQL an entry point starts (or attaches to) when a part has no configured database. Apart from
 * the service module (which loads TypeORM and Apollo): a launcher that only needs the server, such as
 * `npm run start:multi`, starts in a fraction of the CPU.
 */
import path from 'node:path';
import type { HubConfig, ServiceName } from '../config';
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
