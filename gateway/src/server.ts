/**
 * The gateway: authenticates partners (client JWT), serves the composed supergraph, answers
 * /health and /ready. Builds; main.ts listens.
 */
import fs from 'node:fs';
import type http from 'node:http';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginCacheControlDisabled, ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import {
  ErrorCode, FileAuditTrail, SERVICE_NAMES, createGraphQLHttpHandler, errorFields, listen, maskError, requestIdPlugin,
  type ClientTokenVerifier, type HubConfig, type InternalTokenSigner, type Logger, type RunningServer, type ServiceName,
} from '@ipvi/core';
import { gatewayLimits, type QueryLimits } from './limits';
export { DEFAULT_LIMITS, type QueryLimits } from './limits';
import { createGatewayRuntime, type GatewayRequestContext } from './runtime';
import { SUPERGRAPH_FILE } from './subgraphs';

export interface GatewayDeps {
  readonly config: HubConfig;
  readonly log: Logger;
  readonly clientVerifier: ClientTokenVerifier;
  readonly signer: InternalTokenSigner;
  /** Where the subgraphs are (defaults to the configured URLs). */
  readonly subgraphUrls?: Readonly<Record<ServiceName, string>>;
  readonly supergraphSdl?: string;
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

export async function buildGateway(deps: GatewayDeps): Promise<{ apollo: ApolloServer<GatewayRequestContext>; handler: http.RequestListener }> {
  const urls = deps.subgraphUrls ?? (Object.fromEntries(SERVICE_NAMES.map((n) => [n, deps.config.services[n].url])) as Record<ServiceName, string>);
  const log = deps.log.child({ service: 'gateway' });
  const development = deps.config.mode === 'development';
  const limits = gatewayLimits(deps.config.mode, deps.limits, log);
  const authFailures = deps.authFailures ?? new FileAuditTrail(deps.config.gatewayAuditFile);
  const apollo = new ApolloServer<GatewayRequestContext>({
    gateway: createGatewayRuntime({ supergraphSdl: deps.supergraphSdl ?? fs.readFileSync(SUPERGRAPH_FILE, 'utf8'), subgraphUrls: urls, signer: deps.signer }) as never,
    introspection: development,
    hideSchemaDetailsFromClientErrors: true,
    parseOptions: limits.parseOptions,
    validationRules: limits.validationRules,
    csrfPrevention: true,
    allowBatchedHttpRequests: false,
    includeStacktraceInErrorResponses: false,
    plugins: [requestIdPlugin(), ...limits.plugins, ApolloServerPluginCacheControlDisabled(), ...(development ? [] : [ApolloServerPluginLandingPageDisabled()])],
    formatError: (formatted, original) => maskError(formatted, original, undefined, (e) => log.error('unexpected gateway error', errorFields(e))),
  });
  await apollo.start();
  const handler = createGraphQLHttpHandler<GatewayRequestContext>({
    apollo,
    routes: {
      '/health': async () => ({ status: 200, body: { status: 'ok' } }),
      '/ready': async () => {
        const down = await subgraphHealth(urls);
        return down.length ? { status: 503, body: { status: 'unavailable', subgraphs: down } } : { status: 200, body: { status: 'ready' } };
      },
    },
    authenticate: async (req, requestId) => {
      const result = await deps.clientVerifier.verify(req.headers.authorization);
      if (!result.ok) {
        // Audit: authentication failures go to the gateway's hash-chained file and the log (no token contents).
        log.warn('authentication failed', { audit: true, action: 'AUTHENTICATE', outcome: 'DENIED', reason: result.reason, requestId, remote: req.socket.remoteAddress });
        await authFailures
          .append({ requestId, subject: 'anonymous', role: '', agency: '', operation: null }, [
            { action: 'AUTHENTICATE', fieldPath: `client-token:${result.reason}`, outcome: 'DENIED', entityIds: [], consentId: null },
          ])
          .catch((e) => log.error('could not record an authentication failure in the audit file', { requestId, ...errorFields(e) }));
        return { status: 401, code: ErrorCode.UNAUTHENTICATED, message: 'A valid bearer token is required.' };
      }
      return limits.admit(result.principal) ?? { principal: result.principal, requestId };
    },
  });
  return { apollo, handler };
}

export async function startGateway(deps: GatewayDeps, port: number): Promise<RunningServer> {
  const { apollo, handler } = await buildGateway(deps);
  const running = await listen(handler, port, deps.config.host);
  return {
    ...running,
    close: async () => {
      await running.close();
      await apollo.stop();
    },
  };
}
