/**
 * `npm start -w gateway`: the gateway alone, in front of subgraphs that run as their own processes
 * (INCIDENTS_URL, TIERING_URL, VICTIM_SERVICES_URL). It has no database: its audit of refused
 * tokens is a hash-chained file (GATEWAY_AUDIT_FILE).
 */
// The core's modules themselves, not its package index: the gateway is loaded only after --help and the configuration check.
import { SERVICE_NAMES } from '@ipvi/core/src/config';
import { createLogger, errorFields } from '@ipvi/core/src/logger';
import { configOrExit } from '@ipvi/core/src/server/main';
import { stopOnSignals } from '@ipvi/core/src/server/shutdown';
import type * as ResolveKeys from '@ipvi/core/src/identity/resolve-keys';
import type * as Server from './server';

const HELP = `Usage: npm start -w gateway

Runs the IPVI Hub gateway alone: authenticates partners' tokens and serves the composed supergraph
(gateway/supergraph.graphql) over the subgraphs at their configured URLs.

Environment:
  PORT                    port to listen on (default 4000)
  HOST                    address to listen on (default 127.0.0.1)
  INCIDENTS_URL, TIERING_URL, VICTIM_SERVICES_URL
                          each subgraph's GraphQL URL (default http://HOST:4001..4003/graphql)
  AUTH_JWKS_URL | AUTH_PUBLIC_JWKS
                          the keys it trusts for client tokens (the identity provider's, plus the
                          service principals' public keys; production, \`npm run keys\`)
  INTERNAL_SIGNING_JWK    its private key for the internal identities it sends (production)
  GATEWAY_AUDIT_FILE      where refused tokens are recorded (default .hub/audit/gateway.jsonl)
  SUBGRAPH_TIMEOUT_MS     longest one subgraph fetch may take (default 15000)
  SHUTDOWN_GRACE_MS       longest SIGTERM/SIGINT waits for in-flight requests (default 10000)
  HUB_ENV                 development | test | production

GET /health answers while it runs; GET /ready answers 200 when every subgraph answers its /health.
In development it shares the demo keys in .hub/ with the subgraphs started from this checkout.
`;

async function main(argv: string[]): Promise<void> {
  if (argv.includes('--help') || argv.includes('-h')) return void process.stdout.write(HELP);
  const config = configOrExit({ gateway: true });
  // The core's modules it uses (not its package index, which loads TypeORM, pg and the subgraph machinery: about 1 s of CPU).
  // require(), not import(): the process runs in the CommonJS loader (scripts/load-ts.js), where import() of TypeScript fails.
  /* eslint-disable @typescript-eslint/no-require-imports -- lazy loads, after --help and the configuration check */
  const { clientVerifierFor, internalSignerFor } = require('@ipvi/core/src/identity/resolve-keys') as typeof ResolveKeys;
  const { startGateway } = require('./server') as typeof Server;
  /* eslint-enable @typescript-eslint/no-require-imports */
  const log = createLogger(config.logLevel, { service: 'gateway' });
  try {
    const gateway = await startGateway(
      { config, log, clientVerifier: await clientVerifierFor(config), signer: await internalSignerFor(config) },
      config.gatewayPort,
    );
    stopOnSignals(log, () => gateway.close(config.timeouts.shutdownMs), config.timeouts.shutdownMs + 10_000);
    log.info('gateway listening', { url: gateway.url, subgraphs: Object.fromEntries(SERVICE_NAMES.map((n) => [n, config.services[n].url])) });
  } catch (e) {
    log.error('failed to start', errorFields(e));
    process.exit(1);
  }
}

void main(process.argv.slice(2));
