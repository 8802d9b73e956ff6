/**
 * `npm start`: the whole hub with demo data. Starts the embedded PostgreSQL when no database URL is
 * configured, creates and migrates the three databases, seeds (idempotent), starts the three
 * subgraphs and the gateway, prints how to try it. Ctrl-C stops everything.
 */
import {
  DEMO_ADVOCACY_AGENCY,
  DEMO_PROVIDER_AGENCY,
  DEMO_POLICE_ORI,
  SERVICE_NAMES,
  configOrExit,
  createLogger,
  embeddedServerIfNeeded,
  errorFields,
  serviceDatabaseUrl,
  stopOnSignals,
  type ServiceName,
} from '@ipvi/core';
import { playDemoHistory } from '@ipvi/tiering/src/demo/demo-history';
import { sendDemoReferrals } from '@ipvi/tiering/src/demo/demo-referrals';
import { SERVICES, startHub } from './hub';

const HELP = `Usage: npm start [-- --no-seed]

Starts the IPVI Hub: PostgreSQL (embedded unless DATABASE_URL or <SERVICE>_DATABASE_URL is set),
the incidents, tiering and victim-services subgraphs, and the gateway.
  --no-seed   do not load the demo data

Environment (all optional in development): PORT, DATABASE_URL, INCIDENTS_DATABASE_URL,
TIERING_DATABASE_URL, VICTIM_SERVICES_DATABASE_URL, EMBEDDED_PG_PORT, HUB_STATE_DIR, LOG_LEVEL,
SUBGRAPH_TIMEOUT_MS, DB_STATEMENT_TIMEOUT_MS, DB_CONNECT_TIMEOUT_MS, SHUTDOWN_GRACE_MS, DB_POOL_SIZE.
Production (HUB_ENV=production) refuses to start without every key: see \`npm run keys\`.
Each part alone: npm start -w gateway | -w services/incidents | -w services/tiering | -w services/victim-services.
Four processes: npm run start:multi. SIGTERM/SIGINT drain in-flight requests, then exit 0.
`;

async function main(argv: string[]): Promise<void> {
  if (argv.includes('--help') || argv.includes('-h')) return void process.stdout.write(HELP);
  const t0 = Date.now();
  const config = configOrExit([{ gateway: true }, ...SERVICE_NAMES.map((service) => ({ service, consumes: Boolean(SERVICES[service].consumers) }))]);
  const log = createLogger(config.logLevel, { service: 'hub' });
  const embedded = await embeddedServerIfNeeded(config, SERVICE_NAMES, log).catch((e: unknown) => {
    process.stderr.write(`The hub cannot start its database: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exit(1);
  });
  const databaseUrls = Object.fromEntries(SERVICE_NAMES.map((n) => [n, serviceDatabaseUrl(config, n, embedded?.url)])) as Record<ServiceName, string>;
  const seed = !argv.includes('--no-seed');
  // The consumers start after the catch-up below: the demo's history is replayed on its own clock first.
  const hub = await startHub({ config, log, databaseUrls, seed, consumers: false }).catch(async (e) => {
    log.error('the hub failed to start', errorFields(e));
    await embedded?.stop();
    process.exit(1);
  });
  stopOnSignals(
    log,
    async () => {
      await hub.stop(config.timeouts.shutdownMs);
      await embedded?.stop();
    },
    2 * config.timeouts.shutdownMs + 10_000,
  );
  // The demo's tiers and referrals come from the seeded incidents' events: tiering replays the demo
  // program's history first (once: it consumes the incidents as they were reported and works its
  // queue, see playDemoHistory), then every feed catches up before saying "up".
  const tiering = hub.services.tiering;
  if (seed) {
    await playDemoHistory({ ds: tiering.dataSource, config, log: log.child({ service: 'tiering' }), gatewayUrl: () => hub.gateway.url }).catch((e: unknown) =>
      log.error('the demo history was not replayed; the feeds catch up on the real clock', errorFields(e)),
    );
  }
  const consumers = Object.values(hub.services).flatMap((s) => s.consumers);
  const applied = (await Promise.all(consumers.map((c) => c.drain().catch(() => 0)))).reduce((a, b) => a + b, 0);
  if (applied) log.info('event feeds caught up', { applied });
  if (seed) {
    // A few of the offer of help's referrals reach the demo provider, so SERVICE_PROVIDER sees some (once).
    await sendDemoReferrals({ ds: tiering.dataSource, config, log: log.child({ service: 'tiering' }), gatewayUrl: () => hub.gateway.url }).catch((e: unknown) =>
      log.error('the demo referrals were not sent to the demo provider', errorFields(e)),
    );
  }
  Object.values(hub.services).forEach((s) => s.startConsumers());
  const url = hub.gateway.url;
  process.stdout.write(`
IPVI Hub is up in ${((Date.now() - t0) / 1000).toFixed(1)} s

  Gateway    ${url}      (GET /health, /ready)
  Subgraphs  ${SERVICE_NAMES.map((n) => `${n} ${hub.services[n].server.url}`).join('\n             ')}
  Database   ${embedded ? `embedded PostgreSQL on 127.0.0.1:${config.embeddedPgPort} (data in ${embedded.dataDir})` : 'configured PostgreSQL'}

Demo agencies: police ${DEMO_POLICE_ORI}, advocates ${DEMO_ADVOCACY_AGENCY}, offender-service provider ${DEMO_PROVIDER_AGENCY}
Try it as a role (OFFICER, DV_DETECTIVE, COORDINATOR, PROSECUTOR, ADVOCATE, ADVOCATE_SUPERVISOR, ANALYST, AUDITOR, SERVICE_PROVIDER):

  TOKEN=$(npm run -s token -- --role OFFICER)
  curl -s ${url} -H "authorization: Bearer $TOKEN" -H 'content-type: application/json' \\
    -d '{"query":"{ offenders(first: 3) { edges { node { id name tier { level } } } } }"}'

  (advocates: npm run -s token -- --role ADVOCATE --agency ${DEMO_ADVOCACY_AGENCY})
  (a provider: npm run -s token -- --role SERVICE_PROVIDER --agency ${DEMO_PROVIDER_AGENCY}; it reads providerReferrals only)
Ctrl-C stops everything.
`);
}

void main(process.argv.slice(2));
