/**
 * `npm start` inside one subgraph's folder: runs that subgraph alone against its own database,
 * for an agency that hosts only its part of the graph.
 *
 * Entry points import this module directly (not the package index) and load the subgraph only after `--help` and the
 * configuration check: a part started with a bad or incomplete configuration refuses in a fraction of a second instead
 * of first loading the whole hub.
 */
import { ConfigError, loadConfig, type HubConfig, type ServiceName } from '../config';
import { missingProductionKeys } from '../identity/required-keys';
import { createLogger, errorFields } from '../logger';
import type * as Service from './service';
import type { ServiceModule } from './service';
import { stopOnSignals } from './shutdown';

/** The validated configuration, or exit 2 naming every problem (including keys this part needs in production). */
export function configOrExit(part: Parameters<typeof missingProductionKeys>[1], env?: Readonly<Record<string, string | undefined>>): HubConfig {
  try {
    const config = loadConfig(env);
    const missing = missingProductionKeys(config, part);
    if (missing.length) {
      process.stderr.write(
        `Refusing to start in production without every key it needs:\n  - ${missing.join('\n  - ')}\n(\`npm run keys\` generates a production key set and says what goes where.)\n`,
      );
      process.exit(2);
    }
    return config;
  } catch (e) {
    if (e instanceof ConfigError) {
      process.stderr.write(`${e.message}\n`);
      process.exit(2);
    }
    throw e;
  }
}

/** What a subgraph's entry point knows before loading it: its name and whether it consumes feeds (its keys depend on it). */
export interface ServicePart {
  readonly name: ServiceName;
  readonly consumes: boolean;
}

export async function runServiceMain<L>(part: ServicePart, load: () => Promise<ServiceModule<L>>, argv: readonly string[]): Promise<void> {
  const { name } = part;
  const key = name.toUpperCase().replace(/-/g, '_');
  if (argv.includes('--help') || argv.includes('-h')) {
    process.stdout.write(`Usage: npm start -w services/${name} [-- --seed]

Runs the ${name} subgraph alone.
  --seed        load the deterministic demo data (idempotent)

Environment:
  ${key}_DATABASE_URL   this subgraph's own PostgreSQL database (else DATABASE_URL's server, else an embedded server)
  ${key}_PORT           port to listen on
  GATEWAY_URL           where feed consumers reach the gateway (tiering, victim-services)
  ${key}_SERVICE_JWK    private JWK of this service's principal for the feed (production; \`npm run keys\`)
  INTERNAL_VERIFY_JWK   public JWK of the gateway's internal-identity key (production; \`npm run keys\`)
  HUB_ENV               development | test | production
  DB_STATEMENT_TIMEOUT_MS, DB_CONNECT_TIMEOUT_MS, SHUTDOWN_GRACE_MS   timeouts (30000, 5000, 10000)
  DB_POOL_SIZE          connections to its database at most (10)

GET /health answers while the process runs; GET /ready answers 200 only while its database
answers and no feed it consumes is refused or stuck. SIGTERM/SIGINT drain in-flight requests, then exit 0.
`);
    return;
  }
  const config = configOrExit({ service: name, consumes: part.consumes });
  // require(), not import(): the entry points run in the CommonJS loader (scripts/load-ts.js), where import() of TypeScript fails.
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- a lazy load: a refused configuration never loads the subgraph machinery
  const { embeddedServerIfNeeded, serviceDatabaseUrl, startService } = require('./service') as typeof Service;
  const mod = await load();
  if (mod.definition.name !== name || Boolean(mod.consumers) !== part.consumes) throw new Error(`the ${name} entry point describes another part`);
  const log = createLogger(config.logLevel, { service: name });
  const embedded = await embeddedServerIfNeeded(config, [name], log).catch((e: unknown) => {
    process.stderr.write(`${name} cannot start its database: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exit(1);
  });
  try {
    const svc = await startService(mod, { config, log, databaseUrl: serviceDatabaseUrl(config, name, embedded?.url), seed: argv.includes('--seed') });
    stopOnSignals(
      log,
      async () => {
        await svc.stop(config.timeouts.shutdownMs);
        await embedded?.stop();
      },
      config.timeouts.shutdownMs + 10_000,
    );
    svc.startConsumers();
    log.info('subgraph listening', { url: svc.server.url, consumers: svc.consumers.map((c) => c.name) });
  } catch (e) {
    log.error('failed to start', errorFields(e));
    await embedded?.stop();
    process.exit(1);
  }
}
