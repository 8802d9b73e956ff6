/**
 * Builds and runs a subgraph: SDL + resolvers -> federation schema -> policy shield derived from the
 * SDL's data classes; every request must carry the gateway's internal identity (HTTP 401 otherwise);
 * loaders are created per request; the audit trail is written once per request, and a failed audit
 * write fails the request.
 */
import type http from 'node:http';
import { ApolloServer, type ApolloServerPlugin } from '@apollo/server';
import { ApolloServerPluginCacheControlDisabled, ApolloServerPluginInlineTraceDisabled } from '@apollo/server/plugin/disabled';
import { buildSubgraphSchema } from '@apollo/subgraph';
import { parse, type GraphQLSchema } from 'graphql';
import type { DataSource } from 'typeorm';
import { AuditEventRepository, auditResolvers } from '../audit/audit-events';
import { auditSdlFor } from '../audit/audit-schema';
import { AuditCollector } from '../audit/collector';
import { withConnections } from '../graph/connection-sdl';
import { AuditStore } from '../audit/store';
import type { HubConfig, ServiceName } from '../config';
import type { ConsentCheck, HubContext } from '../context';
import { ErrorCode, maskError } from '../errors';
import { CORRELATION_ID_HEADER, INTERNAL_IDENTITY_HEADER, type InternalTokenVerifier } from '../identity/internal-token';
import type { Principal } from '../identity/principal';
import { errorFields, type Logger } from '../logger';
import { CLASSIFICATION_SDL, assertDenialsAreNullable, readFieldClasses, type FieldClasses } from '../policy/classification';
import { applyPolicy } from '../policy/shield';
import { correlationIdOf, createGraphQLHttpHandler, forwardedRequestIdOf, listen, type RunningServer } from './http';
import { INTERNAL_INPUT_RULES } from '../validation/input-values';
import { INTERNAL_BODY_LIMIT_BYTES, auditPlugin, inputValidationPlugin, noApolloReporting, requestIdPlugin } from './plugins';
import { subgraphReadyRoute } from './readiness';
import type { FeedHealth } from '../feed/consumer';

/** Resolvers by type and field (thin: they call loaders and repositories). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type ResolverMap = Record<string, any>;

export interface SubgraphDefinition<Loaders, Domain = unknown> {
  readonly name: ServiceName;
  /** The subgraph's SDL (src/schema.graphql), without the shared classification and audit SDL. */
  readonly typeDefs: string;
  readonly resolvers: ResolverMap;
  /** Creates the request's DataLoaders (and anything else per request) for a principal. */
  readonly createLoaders: (principal: Principal, ds: DataSource, env: { readonly config: HubConfig; readonly now: () => Date }) => Loaders;
  /** Creates the request's domain services (`ctx.domain`: validation and writes) for a principal. */
  readonly createDomain?: (principal: Principal, ds: DataSource, env: { readonly config: HubConfig; readonly now: () => Date }) => Domain;
  readonly consent?: ConsentCheck;
}

export interface SubgraphDeps {
  readonly config: HubConfig;
  readonly dataSource: DataSource;
  readonly log: Logger;
  readonly verifier: InternalTokenVerifier;
  /** Pins the clock (tests). */
  readonly now?: () => Date;
  /**
   * Only for measuring what authorization costs (bench/): 'disabled-for-benchmark' builds the subgraph
   * without the shield and the audit trail. Not reachable from configuration; refused in production.
   */
  readonly authorization?: 'enforced' | 'disabled-for-benchmark';
  /** The feeds this process consumes, for /ready (none by default). */
  readonly feeds?: () => readonly FeedHealth[];
}

export interface BuiltSubgraph<Loaders> {
  readonly apollo: ApolloServer<HubContext<Loaders>>;
  readonly handler: http.RequestListener;
  readonly classes: FieldClasses;
}

/** The full SDL a subgraph serves: its own (with generated connection types), the audit module derived from it, and the shared classification SDL. */
export function subgraphSdl(name: ServiceName, typeDefs: string): string {
  const own = withConnections(typeDefs); // the Connection/Edge/PageInfo types it uses but does not define
  return `${own}\n${auditSdlFor(name, own)}\n${CLASSIFICATION_SDL}`;
}

/** The subgraph's resolvers plus the audit module's (merged per type; the subgraph's own scalars win). */
function withAuditResolvers(own: ResolverMap, audit: ResolverMap): ResolverMap {
  const out: ResolverMap = { ...own };
  for (const [type, fields] of Object.entries(audit)) {
    if (!(type in own)) out[type] = fields;
    else if (type === 'Query') out[type] = { ...own[type], ...fields };
  }
  return out;
}

/** Records a request refused for want of a valid internal identity (no principal: nothing else to name). */
async function recordRefusal(store: AuditStore, requestId: string, log: Logger): Promise<void> {
  try {
    await store.append({ requestId, subject: 'unauthenticated', role: '', agency: '', operation: null }, [
      { action: 'AUTHENTICATE', fieldPath: 'internal-identity', outcome: 'DENIED', entityIds: [], consentId: null },
    ]);
  } catch (e) {
    log.error('could not record a refused request in the audit trail', { requestId, ...errorFields(e) });
  }
}

interface SubgraphSchema {
  readonly schema: GraphQLSchema;
  readonly classes: FieldClasses;
}

/** Built schemas by subgraph definition: with the shield ('enforced') or without it (benchmarks only). */
const builtSchemas = new WeakMap<SubgraphDefinition<unknown>, Map<boolean, SubgraphSchema>>();

/**
 * The subgraph's executable schema with its shield, built once per process and definition: its resolvers hold no
 * per-server state (each request's context brings the loaders, domain services and audit reader), so every server of
 * the subgraph in a process (the test harness starts dozens) shares it instead of building and checking it again.
 */
function subgraphSchema<Loaders>(def: SubgraphDefinition<Loaders>, enforced: boolean): SubgraphSchema {
  const key = def as SubgraphDefinition<unknown>;
  const byMode = builtSchemas.get(key) ?? new Map<boolean, SubgraphSchema>();
  builtSchemas.set(key, byMode);
  const cached = byMode.get(enforced);
  if (cached) return cached;
  const sdl = subgraphSdl(def.name, def.typeDefs);
  const classes = readFieldClasses(sdl); // throws (refuses to start) when a field has no class
  assertDenialsAreNullable(sdl); // ... or when a denial would wipe out a field's siblings
  const resolvers = withAuditResolvers(def.resolvers, auditResolvers(def.name));
  const executable = buildSubgraphSchema([{ typeDefs: parse(sdl), resolvers: resolvers as never }]);
  const built = { schema: enforced ? applyPolicy(executable, classes) : executable, classes };
  byMode.set(enforced, built);
  return built;
}

export async function buildSubgraph<Loaders>(def: SubgraphDefinition<Loaders>, deps: SubgraphDeps): Promise<BuiltSubgraph<Loaders>> {
  const enforced = deps.authorization !== 'disabled-for-benchmark';
  if (!enforced && deps.config.mode === 'production') throw new Error('authorization cannot be disabled in production');
  const { schema, classes } = subgraphSchema(def, enforced);
  const log = deps.log.child({ service: def.name });
  const store = new AuditStore(deps.dataSource);
  const now = deps.now ?? (() => new Date());
  // No cache hints are used: without the cache-control plugin Apollo does not wrap every field resolution.
  const plugins: ApolloServerPlugin<HubContext<Loaders>>[] = [
    requestIdPlugin(),
    inputValidationPlugin(INTERNAL_INPUT_RULES),
    ApolloServerPluginInlineTraceDisabled(),
    ApolloServerPluginCacheControlDisabled(),
    ...noApolloReporting(),
  ];
  if (enforced) plugins.push(auditPlugin(store, log, def.name) as ApolloServerPlugin<HubContext<Loaders>>);
  const apollo = new ApolloServer<HubContext<Loaders>>({
    schema,
    introspection: deps.config.mode === 'development',
    hideSchemaDetailsFromClientErrors: true,
    csrfPrevention: true,
    includeStacktraceInErrorResponses: false,
    // One signal handler per process (server/main.ts): Apollo's own would stop the server and re-send the signal.
    stopOnTerminationSignals: false,
    plugins,
    formatError: (formatted, original) => maskError(formatted, original, undefined, (e) => log.error('unexpected error', errorFields(e))),
  });
  await apollo.start();
  const handler = createGraphQLHttpHandler<HubContext<Loaders>>({
    apollo,
    bodyLimitBytes: INTERNAL_BODY_LIMIT_BYTES,
    routes: {
      '/health': async () => ({ status: 200, body: { status: 'ok', service: def.name } }),
      '/ready': subgraphReadyRoute(def.name, deps.dataSource, deps.feeds ?? (() => [])),
    },
    authenticate: async (req, ids) => {
      const header = req.headers[INTERNAL_IDENTITY_HEADER];
      const principal = await deps.verifier.verify(typeof header === 'string' ? header : undefined);
      if (!principal) {
        // Our own id: a caller without the gateway's identity cannot put its id into our audit trail.
        log.warn('refused a request without a valid internal identity', { requestId: ids.requestId });
        await recordRefusal(store, ids.requestId, log);
        return { status: 401, code: ErrorCode.UNAUTHENTICATED, message: 'A valid internal identity from the gateway is required.' };
      }
      // The gateway's request id names the request here too, so its audit rows join across subgraphs.
      const requestId = forwardedRequestIdOf(req) ?? ids.requestId;
      const correlationId = correlationIdOf(req, CORRELATION_ID_HEADER);
      return {
        service: def.name,
        principal,
        requestId,
        viaGateway: true,
        audit: new AuditCollector(),
        auditEvents: new AuditEventRepository(deps.dataSource, principal),
        config: deps.config,
        log: log.child(correlationId ? { requestId, correlationId } : { requestId }),
        loaders: def.createLoaders(principal, deps.dataSource, { config: deps.config, now }),
        consent: def.consent,
        now,
        domain: def.createDomain?.(principal, deps.dataSource, { config: deps.config, now }),
      };
    },
  });
  return { apollo, handler, classes };
}

export async function startSubgraph<Loaders>(
  def: SubgraphDefinition<Loaders>,
  deps: SubgraphDeps,
  port: number,
): Promise<RunningServer & { built: BuiltSubgraph<Loaders> }> {
  const built = await buildSubgraph(def, deps);
  const running = await listen(built.handler, port, deps.config.host);
  return {
    ...running,
    built,
    close: async (graceMs?: number) => {
      await running.close(graceMs);
      await built.apollo.stop();
    },
  };
}
