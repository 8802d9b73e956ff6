/**
 * The gateway: authenticates partners (client JWT), serves the composed supergraph, answers
 * /health and /ready. Builds; main.ts listens. Two supergraphs (gateway/src/compose.ts): the
 * partners' one, without the service feeds, for every human principal, and the full one for the
 * service principals (the feed consumers), so a partner's request for a feed fails validation.
 */
import fs from 'node:fs';
import type http from 'node:http';
import { ApolloServer, type ApolloServerOptions } from '@apollo/server';
import { ApolloServerPluginCacheControlDisabled, ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { FileAuditTrail } from '@ipvi/core/src/audit/file-trail';
import { SERVICE_NAMES, type HubConfig, type ServiceName } from '@ipvi/core/src/config';
import { maskError } from '@ipvi/core/src/errors';
import type { ClientTokenVerifier } from '@ipvi/core/src/identity/client-token';
import type { InternalTokenSigner } from '@ipvi/core/src/identity/internal-token';
import { SERVICE_ROLES } from '@ipvi/core/src/identity/principal';
import { errorFields, type Logger } from '@ipvi/core/src/logger';
import { createGraphQLHttpHandler, listen, type RunningServer } from '@ipvi/core/src/server/http';
import { noApolloReporting, requestIdPlugin } from '@ipvi/core/src/server/plugins';
import { gatewayAuthenticator } from './authenticate';
import { gatewayLimits, type QueryLimits } from './limits';
export { DEFAULT_LIMITS, type QueryLimits } from './limits';
import { createGatewayRuntime, type GatewayRequestContext, type SubgraphRoutes } from './runtime';
import { SUBGRAPH_UNAVAILABLE, UNAVAILABLE_MESSAGE } from './unavailable';
import { SERVICES_SUPERGRAPH_FILE, SUPERGRAPH_FILE } from './subgraphs';

export interface GatewayDeps {
  readonly config: HubConfig;
  readonly log: Logger;
  readonly clientVerifier: ClientTokenVerifier;
  readonly signer: InternalTokenSigner;
  /** Where the subgraphs are (defaults to the configured URLs). */
  readonly subgraphUrls?: Readonly<Record<ServiceName, string>>;
  /** The partners' supergraph (default gateway/supergraph.graphql). */
  readonly supergraphSdl?: string;
  /** The full supergraph for the service principals (default gateway/supergraph.services.graphql). */
  readonly servicesSupergraphSdl?: string;
  /** Where authentication failures are recorded (default: the configured gateway audit file). */
  readonly authFailures?: FileAuditTrail;
  /** Overrides of the query limits (tests); the mode's defaults otherwise. */
  readonly limits?: Partial<QueryLimits>;
}

async function subgraphHealth(urls: Readonly<Record<ServiceName, string>>): Promise<ServiceName[]> {
  const down: ServiceName[] = [];
  await Promise.all(
    SERVICE_NAMES.map(async (name) => {
      try {
        const res = await fetch(urls[name].replace(/\/graphql$/, '/health'), { signal: AbortSignal.timeout(2000) });
        if (res.status !== 200) down.push(name);
      } catch {
        down.push(name);
      }
    }),
  );
  return down.sort();
}

export async function buildGateway(
  deps: GatewayDeps,
): Promise<{ apollo: ApolloServer<GatewayRequestContext>; services: ApolloServer<GatewayRequestContext>; handler: http.RequestListener }> {
  const urls = deps.subgraphUrls ?? (Object.fromEntries(SERVICE_NAMES.map((n) => [n, deps.config.services[n].url])) as Record<ServiceName, string>);
  const log = deps.log.child({ service: 'gateway' });
  const development = deps.config.mode === 'development';
  const limits = gatewayLimits(deps.config.mode, deps.limits, log);
  const authFailures = deps.authFailures ?? new FileAuditTrail(deps.config.gatewayAuditFile);
  const authenticate = gatewayAuthenticator({ config: deps.config, log, clientVerifier: deps.clientVerifier, authFailures, failureLimit: limits.authFailures });
  const subgraphs: SubgraphRoutes = { urls, signer: deps.signer, log, timeoutMs: deps.config.timeouts.subgraphMs };
  const serverOptions = (supergraphSdl: string): ApolloServerOptions<GatewayRequestContext> => ({
    gateway: createGatewayRuntime(supergraphSdl),
    introspection: development,
    hideSchemaDetailsFromClientErrors: true,
    parseOptions: limits.parseOptions,
    validationRules: limits.validationRules,
    csrfPrevention: true,
    allowBatchedHttpRequests: false,
    includeStacktraceInErrorResponses: false,
    // One signal handler per process (main.ts): Apollo's own would stop the server and re-send the signal.
    stopOnTerminationSignals: false,
    plugins: [
      requestIdPlugin(),
      ...limits.plugins,
      ApolloServerPluginCacheControlDisabled(),
      ...noApolloReporting(),
      ...(development ? [] : [ApolloServerPluginLandingPageDisabled()]),
    ],
    // A missing subgraph's fields answer SUBGRAPH_UNAVAILABLE on their paths; which subgraph it was goes to the log, not to the client.
    formatError: (formatted, original) => {
      if (formatted.extensions?.code !== SUBGRAPH_UNAVAILABLE)
        return maskError(formatted, original, undefined, (e) => log.error('unexpected gateway error', errorFields(e)));
      log.warn('subgraph unavailable', { subgraph: String(formatted.extensions.serviceName ?? 'unknown'), path: formatted.path?.join('.') });
      return { message: UNAVAILABLE_MESSAGE, path: formatted.path, extensions: { code: SUBGRAPH_UNAVAILABLE } };
    },
  });
  const apollo = new ApolloServer<GatewayRequestContext>(serverOptions(deps.supergraphSdl ?? fs.readFileSync(SUPERGRAPH_FILE, 'utf8')));
  const services = new ApolloServer<GatewayRequestContext>(serverOptions(deps.servicesSupergraphSdl ?? fs.readFileSync(SERVICES_SUPERGRAPH_FILE, 'utf8')));
  await Promise.all([apollo.start(), services.start()]);
  const isService = (ctx: GatewayRequestContext) => ctx.principal.roles.some((r) => (SERVICE_ROLES as readonly string[]).includes(r));
  const handler = createGraphQLHttpHandler<GatewayRequestContext>({
    apollo,
    apolloFor: (ctx) => (isService(ctx) ? services : apollo),
    routes: {
      '/health': async () => ({ status: 200, body: { status: 'ok' } }),
      '/ready': async () => {
        const down = await subgraphHealth(urls);
        return down.length ? { status: 503, body: { status: 'unavailable', subgraphs: down } } : { status: 200, body: { status: 'ready' } };
      },
    },
    authenticate: async (req, ids) => {
      const result = await authenticate(req, ids);
      if (!('principal' in result)) return result;
      return limits.admit(result.principal) ?? { ...result, subgraphs };
    },
  });
  return { apollo, services, handler };
}

export async function startGateway(deps: GatewayDeps, port: number): Promise<RunningServer> {
  const { apollo, services, handler } = await buildGateway(deps);
  const running = await listen(handler, port, deps.config.host);
  return {
    ...running,
    close: async (graceMs?: number) => {
      await running.close(graceMs);
      await Promise.all([apollo.stop(), services.stop()]);
    },
  };
}
