/**
 * The gateway runtime, behind one small module so it can be replaced (e.g. by a federation router):
 * @apollo/gateway on the checked-in supergraph, keep-alive HTTP to the subgraphs with a timeout per
 * fetch, and the signed internal identity on every subgraph request. Client-supplied identity
 * headers never pass through. A subgraph that is down or too slow costs only its own fields: they
 * come back null with an error on each of their paths.
 */
import http from 'node:http';
import { ApolloGateway, RemoteGraphQLDataSource } from '@apollo/gateway';
import { GraphQLError } from 'graphql';
import fetch from 'node-fetch';
import {
  CORRELATION_ID_HEADER,
  INTERNAL_IDENTITY_HEADER,
  REQUEST_ID_HEADER,
  disableApolloTelemetry,
  errorFields,
  type InternalTokenSigner,
  type Logger,
  type Principal,
  type ServiceName,
} from '@ipvi/core';
import { memoiseOperationConversion } from './operation-cache';
import { unavailableFieldErrors } from './unavailable';

export interface GatewayRequestContext {
  readonly principal: Principal;
  /** Made by the gateway for every request (a UUID); the subgraphs' audit rows carry it too. */
  readonly requestId: string;
  /** The client's own `x-request-id`, sanitised and capped: for matching logs, never an audit key. */
  readonly correlationId?: string;
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
  constructor(
    config: ConstructorParameters<typeof RemoteGraphQLDataSource<GatewayRequestContext>>[0],
    private readonly service: ServiceName,
    private readonly log: Logger,
  ) {
    super(config);
  }

  override async process(options: ProcessOptions): Promise<ProcessResult> {
    try {
      return await super.process(options);
    } catch (e) {
      const reason = unreachable(e);
      if (!reason) throw e;
      const { request, context } = options;
      this.log.warn('subgraph unavailable; answering without its fields', {
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

export interface GatewayRuntimeOptions {
  readonly supergraphSdl: string;
  readonly subgraphUrls: Readonly<Record<ServiceName, string>>;
  readonly signer: InternalTokenSigner;
  readonly log: Logger;
  /** Longest one subgraph fetch may take, milliseconds. */
  readonly subgraphTimeoutMs: number;
}

export function createGatewayRuntime(opts: GatewayRuntimeOptions): ApolloGateway {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 64, keepAliveMsecs: 10_000 });
  const fetcher = ((url: string, init?: Record<string, unknown>) =>
    fetch(url, { ...init, agent, signal: AbortSignal.timeout(opts.subgraphTimeoutMs) as never })) as unknown as typeof fetch;
  disableApolloTelemetry(); // read by ApolloGateway's constructor: no cloud metadata probes, no metrics to Apollo
  const gateway = new ApolloGateway({
    supergraphSdl: opts.supergraphSdl,
    buildService({ name }) {
      const audience = name.toLowerCase().replace(/_/g, '-') as ServiceName;
      const url = opts.subgraphUrls[audience];
      if (!url) throw new Error(`no URL configured for subgraph ${name}`);
      return new HubDataSource(
        {
          url,
          fetcher: fetcher as never,
          async willSendRequest({ request, context }) {
            const headers = request.http?.headers;
            if (!headers || !context?.principal) return;
            for (const h of IDENTITY_HEADERS) headers.delete(h);
            headers.set(INTERNAL_IDENTITY_HEADER, await opts.signer.tokenFor(context.principal, audience));
            headers.set(REQUEST_ID_HEADER, context.requestId);
            if (context.correlationId) headers.set(CORRELATION_ID_HEADER, context.correlationId);
          },
        },
        audience,
        opts.log,
      );
    },
  });
  // The API schema it executes against: its operation conversions are memoised (operation-cache.ts).
  gateway.onSchemaLoadOrUpdate(() => {
    const apiSchema = (gateway as unknown as { apiSchema?: object }).apiSchema;
    if (apiSchema) memoiseOperationConversion(apiSchema);
  });
  return gateway;
}
