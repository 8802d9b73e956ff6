/**
 * The whole hub in one process: the three subgraphs and the gateway on their databases. Used by
 * `npm start` and by the integration-test harness (with port 0 and fresh databases).
 */
import {
  SERVICE_NAMES,
  clientVerifierFor,
  internalSignerFor,
  type HubConfig,
  type Logger,
  type RunningServer,
  type ServiceModule,
  type ServiceName,
  type StartedService,
  startService,
} from '@ipvi/core';
import { incidentsService } from '@ipvi/incidents';
import { tieringService } from '@ipvi/tiering';
import { victimServicesService } from '@ipvi/victim-services';
import { startGateway } from '@ipvi/gateway';

export const SERVICES: Readonly<Record<ServiceName, ServiceModule<unknown>>> = {
  incidents: incidentsService as ServiceModule<unknown>,
  tiering: tieringService as ServiceModule<unknown>,
  'victim-services': victimServicesService as ServiceModule<unknown>,
};

export interface RunningHub {
  readonly gateway: RunningServer;
  readonly services: Readonly<Record<ServiceName, StartedService>>;
  /** Stops the feed consumers, drains the gateway's in-flight requests and then the subgraphs' (each at most graceMs), closes the pools. */
  stop(graceMs?: number): Promise<void>;
}

export async function startHub(opts: {
  config: HubConfig;
  log: Logger;
  databaseUrls: Readonly<Record<ServiceName, string>>;
  seed: boolean;
  /** 0 = any free port (tests); default = configured ports. */
  port?: number;
  /** Start the feed consumers (default true; tests may drive them by hand). */
  consumers?: boolean;
  /** The services' clock (tests move it; default the real time). */
  now?: () => Date;
}): Promise<RunningHub> {
  let gatewayUrl = opts.config.gatewayUrl;
  const started = await Promise.all(
    SERVICE_NAMES.map((name) =>
      startService(SERVICES[name], {
        config: opts.config,
        log: opts.log,
        databaseUrl: opts.databaseUrls[name],
        port: opts.port,
        seed: opts.seed,
        gatewayUrl: () => gatewayUrl,
        now: opts.now,
      }),
    ),
  );
  const services = Object.fromEntries(started.map((s) => [s.name, s])) as Record<ServiceName, StartedService>;
  const gateway = await startGateway(
    {
      config: opts.config,
      log: opts.log,
      clientVerifier: await clientVerifierFor(opts.config),
      signer: await internalSignerFor(opts.config),
      subgraphUrls: Object.fromEntries(started.map((s) => [s.name, s.server.url])) as Record<ServiceName, string>,
    },
    opts.port ?? opts.config.gatewayPort,
  );
  gatewayUrl = gateway.url;
  if (opts.consumers !== false) started.forEach((s) => s.startConsumers());
  return {
    gateway,
    services,
    stop: async (graceMs?: number) => {
      // Stop accepting at once; the consumers' last polls are in-flight requests like any other.
      await Promise.all([gateway.close(graceMs), ...started.flatMap((s) => s.consumers.map((c) => c.stop()))]);
      await Promise.all(started.map((s) => s.stop(graceMs)));
    },
  };
}
