/**
 * Builds and runs a subgraph: SDL + resolvers -> federation schema -> policy shield derived from the
 * SDL's data classes; every request must carry the gateway's internal identity (HTTP 401 otherwise);
 * loaders are created per request; the audit trail is written once per request, and a failed audit
 * write fails the request.
 */
import type http from 'node:http';
import { ApolloServer, type ApolloServerPlugin } from '@apollo/server';
import { ApolloServerPluginInlineTraceDisabled } from '@apollo/server/plugin/disabled';
import { buildSubgraphSchema } from '@apollo/subgraph';

import { parse } from 'graphql';
import type { DataSource } from 'typeorm';
import { AuditCollector } from '../audit/collector';
import { AuditStore } from '../audit/store';
import type { HubConfig, ServiceName } from '../config';
import type { ConsentCheck, HubContext } from '../context';
import { ErrorCode, maskError } from '../errors';
import { INTERNAL_IDENTITY_HEADER, InternalTokenVerifier } from '../identity/internal-token';
import type { Principal } from '../identity/principal';
import { errorFields, type Logger } from '../logger';
import { CLASSIFICATION_SDL, readFieldClasses, type FieldClasses } from '../policy/classification';
import { applyPolicy } from '../policy/shield';
import { createGraphQLHttpHandler, listen, type RunningServer } from './http';

/** Resolvers by type and field (thin: they call loaders and repositories). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type ResolverMap = Record<string, any>;

export interface SubgraphDefinition<Loaders> {
  readonly name: ServiceName;
  /** The subgraph's SDL (src/schema.graphql), without the shared classification SDL. */
  readonly typeDefs: string;
  readonly resolvers: ResolverMap;
  /** Creates the request's DataLoaders (and anything else per request) for a principal. */
  readonly createLoaders: (principal: Principal, ds: DataSource, env: { readonly config: HubConfig; readonly now: () => Date }) => Loaders;
  readonly consent?: ConsentCheck;
}

export interface SubgraphDeps {
  readonly config: HubConfig;
  readonly dataSource: DataSource;
  readonly log: Logger;
  readonly verifier: InternalTokenVerifier;
  /** Pins the clock (tests). */
  readonly now?: () => Date;
}

export interface BuiltSubgraph<Loaders> {
  readonly apollo: ApolloServer<HubContext<Loaders>>;
  readonly handler: http.RequestListener;
  readonly classes: FieldClasses;
}

/** The full SDL a subgraph serves: the shared classification SDL plus its own. */
export function subgraphSdl(typeDefs: string): string {
  return `${typeDefs}\n${CLASSIFICATION_SDL}`;
}

function auditPlugin(store: AuditStore, log: Logger): ApolloServerPlugin<HubContext> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ contextValue: ctx, operationName, response }) {
          const entries = ctx.audit.drain();
          if (entries.length === 0) return;
          try {
            await store.append(
              { requestId: ctx.requestId, subject: ctx.principal.sub, role: ctx.principal.roles.join(','), agency: ctx.principal.agency, operation: operationName ?? null },
              entries,
            );
          } catch (e) {
            log.error('audit write failed; failing the request', { requestId: ctx.requestId, ...errorFields(e) });
            response.body = {
              kind: 'single',
              singleResult: { data: null, errors: [{ message: 'Internal server error.', extensions: { code: ErrorCode.INTERNAL_SERVER_ERROR, requestId: ctx.requestId } }] },
            };
          }
        },
      };
    },
  };
}

export async function buildSubgraph<Loaders>(def: SubgraphDefinition<Loaders>, deps: SubgraphDeps): Promise<BuiltSubgraph<Loaders>> {
  const sdl = subgraphSdl(def.typeDefs);
  const classes = readFieldClasses(sdl); // throws (refuses to start) when a field has no class
  const schema = applyPolicy(buildSubgraphSchema([{ typeDefs: parse(sdl), resolvers: def.resolvers as never }]), classes);
  const log = deps.log.child({ service: def.name });
  const store = new AuditStore(deps.dataSource);
  const now = deps.now ?? (() => new Date());
  const apollo = new ApolloServer<HubContext<Loaders>>({
    schema,
    introspection: deps.config.mode !== 'production',
    csrfPrevention: true,
    includeStacktraceInErrorResponses: false,
    plugins: [auditPlugin(store, log) as ApolloServerPlugin<HubContext<Loaders>>, ApolloServerPluginInlineTraceDisabled()],
    formatError: (formatted, original) => maskError(formatted, original, undefined, (e) => log.error('unexpected error', errorFields(e))),
  });
  await apollo.start();
  const handler = createGraphQLHttpHandler<HubContext<Loaders>>({
    apollo,
    routes: { '/health': async () => ({ status: 200, body: { status: 'ok', service: def.name } }) },
    authenticate: async (req, requestId) => {
      const header = req.headers[INTERNAL_IDENTITY_HEADER];
      const principal = await deps.verifier.verify(typeof header === 'string' ? header : undefined);
      if (!principal) {
        log.warn('refused a request without a valid internal identity', { requestId });
        return { status: 401, code: ErrorCode.UNAUTHENTICATED, message: 'A valid internal identity from the gateway is required.' };
      }
      return {
        service: def.name,
        principal,
        requestId,
        viaGateway: true,
        audit: new AuditCollector(),
        config: deps.config,
        log: log.child({ requestId }),
        loaders: def.createLoaders(principal, deps.dataSource, { config: deps.config, now }),
        consent: def.consent,
        now,
      };
    },
  });
  return { apollo, handler, classes };
}

export async function startSubgraph<Loaders>(def: SubgraphDefinition<Loaders>, deps: SubgraphDeps, port: number): Promise<RunningServer & { built: BuiltSubgraph<Loaders> }> {
  const built = await buildSubgraph(def, deps);
  const running = await listen(built.handler, port, deps.config.host);
  return {
    ...running,
    built,
    close: async () => {
      await running.close();
      await built.apollo.stop();
    },
  };
}
