/**
 * The gateway runtime, behind one small module so it can be replaced (e.g. by a federation router):
 * @apollo/gateway on the checked-in supergraph, keep-alive HTTP to the subgraphs, and the signed
 * internal identity on every subgraph request. Client-supplied identity headers never pass through.
 */
import http from 'node:http';
import { ApolloGateway, RemoteGraphQLDataSource } from '@apollo/gateway';
import { GraphQLError } from 'graphql';
import fetch from 'node-fetch';
import { INTERNAL_IDENTITY_HEADER, REQUEST_ID_HEADER, type InternalTokenSigner, type Principal, type ServiceName } from '@ipvi/core';

export interface GatewayRequestContext {
  readonly principal: Principal;
  readonly requestId: string;
}

/**
 * A subgraph answers a bad variable (e.g. 2026-02-30 for a DateTime) with HTTP 400 and a
 * BAD_USER_INPUT error: pass that on as the client's error (already free of the submitted value),
 * rather than the generic failure @apollo/gateway makes of any non-2xx answer.
 */
class HubDataSource extends RemoteGraphQLDataSource<GatewayRequestContext> {
  override async errorFromResponse(response: Parameters<RemoteGraphQLDataSource['errorFromResponse']>[0]): Promise<GraphQLError> {
    if (response.status === 400) {
      const body = (await response.clone().json().catch(() => undefined)) as { errors?: { message?: string; extensions?: Record<string, unknown> }[] } | undefined;
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
const IDENTITY_HEADERS = [INTERNAL_IDENTITY_HEADER, 'authorization', 'x-user', 'x-role', 'x-roles', 'x-agency', 'x-forwarded-user', 'cookie'];

export function createGatewayRuntime(opts: { supergraphSdl: string; subgraphUrls: Readonly<Record<ServiceName, string>>; signer: InternalTokenSigner }): ApolloGateway {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 64, keepAliveMsecs: 10_000 });
  const fetcher = ((url: string, init?: Record<string, unknown>) => fetch(url, { ...init, agent })) as unknown as typeof fetch;
  return new ApolloGateway({
    supergraphSdl: opts.supergraphSdl,
    buildService({ name }) {
      const audience = name.toLowerCase().replace(/_/g, '-') as ServiceName;
      const url = opts.subgraphUrls[audience];
      if (!url) throw new Error(`no URL configured for subgraph ${name}`);
      return new HubDataSource({
        url,
        fetcher: fetcher as never,
        async willSendRequest({ request, context }) {
          const headers = request.http?.headers;
          if (!headers || !context?.principal) return;
          for (const h of IDENTITY_HEADERS) headers.delete(h);
          headers.set(INTERNAL_IDENTITY_HEADER, await opts.signer.tokenFor(context.principal, audience));
          headers.set(REQUEST_ID_HEADER, context.requestId);
        },
      });
    },
  });
}
