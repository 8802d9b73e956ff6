/**
 * The gateway runtime, behind one small module so it can be replaced (e.g. by a federation router):
 * @apollo/gateway on the checked-in supergraph, keep-alive HTTP to the subgraphs with a timeout per
 * fetch, and the signed internal identity on every subgraph request. Client-supplied identity
 * headers never pass through. A subgraph that is down or too slow costs only its own fields: they
 * come back null with an error on each of their paths.
 *
 * One @apollo/gateway is loaded per supergraph and process: its schema, query planner and plan cache depend on the
 * supergraph alone, and building them costs about a third of a second. Where a server's subgraphs are (their URLs),
 * its internal-identity signer, log and fetch timeout travel with each request's context (`subgraphs`), so every
 * gateway server in a process (one in production, dozens in the test harness) shares the loaded runtime.
 */
import http from 'node:http';
import { finished } from 'node:stream';
import { ApolloGateway, RemoteGraphQLDataSource } from '@apollo/gateway';
import type { ApolloServerOptionsWithGateway, BaseContext } from '@apollo/server';
import { GraphQLError } from 'graphql';
import fetch from 'node-fetch';
import { disableApolloTelemetry, type ServiceName } from '@ipvi/core/src/config';
import { CORRELATION_ID_HEADER, INTERNAL_IDENTITY_HEADER, REQUEST_ID_HEADER, type InternalTokenSigner } from '@ipvi/core/src/identity/internal-token';
import type { Principal } from '@ipvi/core/src/identity/principal';
import { errorFields, type Logger } from '@ipvi/core/src/logger';
import { memoiseOperationConversion } from './operation-cache';
import { unavailableFieldErrors } from './unavailable';

/** Who asks, as the gateway's authentication admitted them. */
export interface GatewayIdentity {
  readonly principal: Principal;
  /** Made by the gateway for every request (a UUID); the subgraphs' audit rows carry it too. */
  readonly requestId: string;
  /** The client's own `x-request-id`, sanitised and capped: for matching logs, never an audit key. */
  readonly correlationId?: string;
}

/** Where one gateway server's subgraphs are and how it speaks to them. */
export interface SubgraphRoutes {
  readonly urls: Readonly<Record<ServiceName, string>>;
  readonly signer: InternalTokenSigner;
  readonly log: Logger;
  /** Longest one subgraph fetch may take, milliseconds. */
  readonly timeoutMs: number;
}

export interface GatewayRequestContext extends GatewayIdentity {
  /** The serving gateway's subgraphs (the loaded runtime is shared by every gateway server in the process). */
  readonly subgraphs: SubgraphRoutes;
}

type ProcessOptions = Parameters<RemoteGraphQLDataSource<GatewayRequestContext>['process']>[0];
type ProcessResult = Awaited<ReturnType<RemoteGraphQLDataSource<GatewayRequestContext>['process']>>;

/** A fetch that never reached an answer: refused, reset, or over the per-subgraph timeout. */
function unreachable(e: unknown): 'timeout' | 'unreachable' | undefined {
  const name = (e as { name?: string; type?: string } | null)?.name;
  if (name === 'AbortError' || name === 'TimeoutError') return 'timeout';
  if (name === 'FetchError') return (e as { type?: string }).type === 'request-timeout' ? 'timeout' : 'unreachable';
  return undefined;
}

/**
 * A subgraph answers a bad variable (e.g. 2026-02-30 for a DateTime) with HTTP 400 and a
 * BAD_USER_INPUT error: pass that on as the client's error (already free of the submitted value),
 * rather than the generic failure @apollo/gateway makes of any non-2xx answer.
 */
class HubDataSource extends RemoteGraphQLDataSource<GatewayRequestContext> {
  constructor(private readonly service: ServiceName) {
    super({ url: `http://unrouted.invalid/${service}`, fetcher: fetcher as never });
  }

  /** Addresses the request to the serving gateway's subgraph, with the principal's internal identity and the request's ids. */
  override async willSendRequest({ request, context }: ProcessOptions): Promise<void> {
    const headers = request.http?.headers;
    if (!request.http || !headers) return;
    const timeoutMs = (context as Partial<GatewayRequestContext> | undefined)?.subgraphs?.timeoutMs;
    if (timeoutMs !== undefined) headers.set(FETCH_TIMEOUT_HEADER, String(timeoutMs));
    if (!context?.principal) return;
    (request.http as { url: string }).url = context.subgraphs.urls[this.service];
    for (const h of IDENTITY_HEADERS) headers.delete(h);
    headers.set(INTERNAL_IDENTITY_HEADER, await context.subgraphs.signer.tokenFor(context.principal, this.service));
    headers.set(REQUEST_ID_HEADER, context.requestId);
    if (context.correlationId) headers.set(CORRELATION_ID_HEADER, context.correlationId);
  }

  override async process(options: ProcessOptions): Promise<ProcessResult> {
    const routes = (options.context as Partial<GatewayRequestContext> | undefined)?.subgraphs;
    if (!routes) throw new Error("a subgraph request without the serving gateway's routes");
    try {
      return await super.process(options);
    } catch (e) {
      const reason = unreachable(e);
      if (!reason) throw e;
      const { request, context } = options;
      routes.log.warn('subgraph unavailable; answering without its fields', {
        subgraph: this.service,
        reason,
        requestId: (context as Partial<GatewayRequestContext>).requestId,
        ...errorFields(e),
      });
      const entities = (request.variables as { representations?: unknown[] } | undefined)?.representations?.length;
      return { errors: unavailableFieldErrors(request.query ?? '', entities) } as ProcessResult;
    }
  }

  override async errorFromResponse(response: Parameters<RemoteGraphQLDataSource['errorFromResponse']>[0]): Promise<GraphQLError> {
    if (response.status === 400) {
      const body = (await response
        .clone()
        .json()
        .catch(() => undefined)) as { errors?: { message?: string; extensions?: Record<string, unknown> }[] } | undefined;
      const first = body?.errors?.[0];
      if (first?.extensions?.code === 'BAD_USER_INPUT') {
        const extensions: Record<string, unknown> = { code: 'BAD_USER_INPUT' };
        if (first.extensions.field !== undefined) extensions.field = first.extensions.field;
        if (first.extensions.problems !== undefined) extensions.problems = first.extensions.problems;
        return new GraphQLError(first.message ?? 'Bad user input.', { extensions });
      }
    }
    return super.errorFromResponse(response);
  }
}

/** Headers a client may try to set to impersonate an identity; removed from every subgraph request. */
const IDENTITY_HEADERS = [
  INTERNAL_IDENTITY_HEADER,
  'authorization',
  'x-user',
  'x-role',
  'x-roles',
  'x-agency',
  'x-forwarded-user',
  'cookie',
  CORRELATION_ID_HEADER,
];

/** What Apollo Server loads a gateway through (@apollo/server-gateway-interface, as the server's own options name it). */
type GatewayInterface = ApolloServerOptionsWithGateway<BaseContext>['gateway'];
type GatewaySchemaLoadOrUpdateCallback = Parameters<GatewayInterface['onSchemaLoadOrUpdate']>[0];
type GatewayLoadResult = Awaited<ReturnType<GatewayInterface['load']>>;

/**
 * Carries a subgraph request's fetch timeout (its gateway server's `timeoutMs`) from willSendRequest, which sees the
 * request's context, to the fetcher shared by every gateway server of the process, which sees only the URL and the request
 * init; the fetcher takes it off before sending. (An AsyncLocalStorage would do the same, at the price of a hook on every
 * promise the gateway process makes.)
 */
const FETCH_TIMEOUT_HEADER = 'x-ipvi-fetch-timeout-ms';
const agent = new http.Agent({ keepAlive: true, maxSockets: 64, keepAliveMsecs: 10_000 });
/**
 * The timeout covers the whole fetch, its answer's body included, and is cleared once the body has been read (or failed):
 * an `AbortSignal.timeout` stays armed after the answer and fires later anyway, making a DOMException (with its stack) for
 * every subgraph fetch, about 1% of a busy gateway's CPU. An abort on time is node-fetch's AbortError either way.
 */
const fetcher = ((url: string, init?: { headers?: Record<string, string> } & Record<string, unknown>) => {
  const { [FETCH_TIMEOUT_HEADER]: timeout, ...headers } = init?.headers ?? {};
  const timeoutMs = Number(timeout);
  if (!timeout || !(timeoutMs > 0)) throw new Error('a subgraph fetch outside a gateway request');
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), timeoutMs).unref(); // like AbortSignal.timeout: no reason to stay up
  return fetch(url, { ...init, headers, agent, signal: controller.signal as never }).then(
    (res) => {
      finished(res.body, () => clearTimeout(timer));
      return res;
    },
    (e: unknown) => {
      clearTimeout(timer);
      throw e;
    },
  );
}) as unknown as typeof fetch;

interface LoadedRuntime {
  readonly executor: GatewayLoadResult['executor'];
  readonly schema: Parameters<GatewaySchemaLoadOrUpdateCallback>[0];
}

/** The loaded @apollo/gateway of each supergraph in this process. */
const loadedRuntimes = new Map<string, Promise<LoadedRuntime>>();

function loadRuntime(supergraphSdl: string, options: Parameters<GatewayInterface['load']>[0]): Promise<LoadedRuntime> {
  const known = loadedRuntimes.get(supergraphSdl);
  if (known) return known;
  disableApolloTelemetry(); // read by ApolloGateway's constructor: no cloud metadata probes, no metrics to Apollo
  const gateway = new ApolloGateway({ supergraphSdl, buildService: ({ name }) => new HubDataSource(name.toLowerCase().replace(/_/g, '-') as ServiceName) });
  let schema: LoadedRuntime['schema'] | undefined;
  gateway.onSchemaLoadOrUpdate((loaded) => {
    schema = loaded;
    // The API schema it executes against: its operation conversions are memoised (operation-cache.ts).
    const apiSchema = (gateway as unknown as { apiSchema?: object }).apiSchema;
    if (apiSchema) memoiseOperationConversion(apiSchema);
  });
  const loading = gateway.load(options).then(({ executor }) => {
    if (!schema) throw new Error('the gateway loaded without a schema');
    return { executor, schema };
  });
  loading.catch(() => loadedRuntimes.delete(supergraphSdl));
  loadedRuntimes.set(supergraphSdl, loading);
  return loading;
}

/**
 * A gateway server's runtime for a supergraph: Apollo Server loads it at start and executes every operation through it.
 * The @apollo/gateway behind it is loaded once per supergraph and process and never stopped (it holds no timers: the
 * supergraph is static); stopping a server stops only its own subscription.
 */
export function createGatewayRuntime(supergraphSdl: string): GatewayInterface {
  const listeners = new Set<GatewaySchemaLoadOrUpdateCallback>();
  return {
    async load(options) {
      const { executor, schema } = await loadRuntime(supergraphSdl, options);
      for (const listener of listeners) listener(schema);
      return { executor };
    },
    onSchemaLoadOrUpdate(callback) {
      listeners.add(callback);
      return () => listeners.delete(callback);
    },
    async stop() {
      listeners.clear();
    },
  };
}
