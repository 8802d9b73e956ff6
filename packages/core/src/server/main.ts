/**
 * `npm start` inside one subgraph's folder: runs that subgraph alone against its own database,
 * for an agency that hosts only its part of the graph.
 */
import { ConfigError, loadConfig } from '../config';
import { createLogger, errorFields } from '../logger';
import { embeddedServerIfNeeded, serviceDatabaseUrl, startService, type ServiceModule } from './service';

export async function runServiceMain<L>(mod: ServiceModule<L>, argv: readonly string[]): Promise<void> {
  const name = mod.definition.name;
  const key = name.toUpperCase().replace(/-/g, '_');
  if (argv.includes('--help') || argv.includes('-h')) {
    process.stdout.write(`Usage: npm start -w services/${name} [-- --seed]

Runs the ${name} subgraph alone.
  --seed        load the deterministic demo data (idempotent)

Environment:
  ${key}_DATABASE_URL   this subgraph's own PostgreSQL database (else DATABASE_URL's server, else an embedded server)
  ${key}_PORT           port to listen on
  GATEWAY_URL           where feed consumers reach the gateway (tiering, victim-services)
  ${key}_SERVICE_JWK    private JWK of this service's principal for the feed (production)
  INTERNAL_VERIFY_JWK   public JWK of the gateway's internal-identity key (required in production)
  HUB_ENV               development | test | production
`);
    return;
  }
  let config;
  try {
    config = loadConfig();
  } catch (e) {
    if (e instanceof ConfigError) {
      process.stderr.write(`${e.message}\n`);
      process.exit(2);
    }
    throw e;
  }
  const log = createLogger(config.logLevel, { service: name });
  const embedded = await embeddedServerIfNeeded(config, [name], log).catch((e: unknown) => {
    process.stderr.write(`${name} cannot start its database: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exit(1);
  });
  try {
    const svc = await startService(mod, { config, log, databaseUrl: serviceDatabaseUrl(config, name, embedded?.url), seed: argv.includes('--seed') });
    svc.startConsumers();
    log.info('subgraph listening', { url: svc.server.url, consumers: svc.consumers.map((c) => c.name) });
    const stop = async () => {
      await svc.stop();
      await embedded?.stop();
      process.exit(0);
    };
    process.once('SIGINT', () => void stop());
    process.once('SIGTERM', () => void stop());
  } catch (e) {
    log.error('failed to start', errorFields(e));
    await embedded?.stop();
    process.exit(1);
  }
}
