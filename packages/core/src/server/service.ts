/**
 * Running one subgraph as a process of its own (an agency that hosts only its subgraph) or inside
 * the all-in-one hub: resolve its database (configured URL, else the embedded server), migrate,
 * optionally seed, start.
 */
import type { DataSource, EntitySchema, MixedList } from 'typeorm';
import { AuditTrail1764000000000 } from '../audit/migration';
import type { FeedConsumer } from '../feed/consumer';
import { FeedConsumer1764000000001 } from '../feed/migration';
import type { ConsumerEnv } from '../feed/incident-feed';
import type { HubConfig, ServiceName } from '../config';
import { openDatabase, type ClassType, type DatabaseTimeouts } from '../db/database';
import { internalVerifierFor } from '../identity/resolve-keys';
import type { Logger } from '../logger';
import { startSubgraph, type SubgraphDefinition } from './subgraph';
import type { RunningServer } from './http';

export interface ServiceModule<Loaders> {
  readonly definition: SubgraphDefinition<Loaders>;
  readonly entities: MixedList<ClassType | EntitySchema>;
  readonly migrations: MixedList<ClassType>;
  /** Deterministic demo data; idempotent. */
  readonly seed?: (ds: DataSource, env: { readonly log: Logger; readonly config: HubConfig }) => Promise<void>;
  /** Feed consumers this service runs (their cursor tables are migrated with the service). */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  readonly consumers?: (env: ConsumerEnv) => FeedConsumer<any>[];
}

export { embeddedServerForTools, embeddedServerIfNeeded, serviceDatabaseUrl } from './databases';

export async function openServiceDatabase<L>(mod: ServiceModule<L>, url: string, poolSize?: number, timeouts?: DatabaseTimeouts): Promise<DataSource> {
  const platform: ClassType[] = mod.consumers ? [AuditTrail1764000000000, FeedConsumer1764000000001] : [AuditTrail1764000000000];
  return openDatabase({ url, entities: mod.entities, migrations: [...platform, ...(mod.migrations as ClassType[])], poolSize, timeouts });
}

export interface StartedService {
  readonly name: ServiceName;
  readonly server: RunningServer;
  readonly dataSource: DataSource;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  readonly consumers: readonly FeedConsumer<any>[];
  /** Starts the service's feed consumers (once the gateway they read through is up). */
  startConsumers(): void;
  /** Stops its consumers, drains in-flight requests (at most graceMs), closes its pool. */
  stop(graceMs?: number): Promise<void>;
}

export async function startService<L>(
  mod: ServiceModule<L>,
  opts: { config: HubConfig; log: Logger; databaseUrl: string; port?: number; seed?: boolean; now?: () => Date; gatewayUrl?: () => string },
): Promise<StartedService> {
  const name = mod.definition.name;
  const log = opts.log.child({ service: name });
  const dataSource = await openServiceDatabase(mod, opts.databaseUrl, opts.config.dbPoolSize, opts.config.timeouts);
  try {
    if (opts.seed && mod.seed) await mod.seed(dataSource, { log, config: opts.config });
    const verifier = await internalVerifierFor(opts.config, name);
    const consumers = mod.consumers?.({ ds: dataSource, config: opts.config, log, gatewayUrl: opts.gatewayUrl ?? (() => opts.config.gatewayUrl) }) ?? [];
    const feeds = () => consumers.map((c) => c.health());
    const server = await startSubgraph(
      mod.definition,
      { config: opts.config, dataSource, log, verifier, now: opts.now, feeds },
      opts.port ?? opts.config.services[name].port,
    );
    return started(name, server, dataSource, consumers, opts.config);
  } catch (e) {
    await dataSource.destroy().catch(() => undefined);
    throw e;
  }
}

function started(
  name: ServiceName,
  server: RunningServer,
  dataSource: DataSource,
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  consumers: FeedConsumer<any>[],
  config: HubConfig,
): StartedService {
  return {
    name,
    server,
    dataSource,
    consumers,
    startConsumers: () => consumers.forEach((c) => c.start(config.feedPollMs)),
    stop: async (graceMs?: number) => {
      await Promise.all([server.close(graceMs), ...consumers.map((c) => c.stop())]);
      await dataSource.destroy();
    },
  };
}
