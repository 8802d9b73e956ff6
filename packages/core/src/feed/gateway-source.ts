/**
 * A feed source that reads a connection field through the gateway with a service principal's token,
 * and the token source itself (development: the demo identity provider; production: the service's
 * own key, whose public half the gateway trusts through AUTH_PUBLIC_JWKS).
 */
import type { JWK } from 'jose';
import type { HubConfig, ServiceName } from '../config';
import { signDemoToken } from '../identity/client-token';
import { importKey, loadOrCreateDevKeys } from '../identity/keys';
import type { ServiceRole } from '../identity/principal';
import { FeedRefusedError, type FeedPage, type FeedSource } from './consumer';

export type TokenSource = () => Promise<string>;

const SERVICE_AGENCY = 'IPVI-HUB';

/** A cached bearer token for a service principal, renewed before it expires. */
export function serviceTokenSource(config: HubConfig, service: ServiceName, role: ServiceRole): TokenSource {
  let cached: { token: string; renewAt: number } | undefined;
  const ttl = 600;
  return async () => {
    if (cached && cached.renewAt > Date.now()) return cached.token;
    const own = config.services[service].serviceJwk;
    const jwk: JWK & { kid?: string } = own ? (JSON.parse(own) as JWK) : (await loadOrCreateDevKeys(config.stateDir)).idp.privateJwk;
    const kid = jwk.kid ?? (await loadOrCreateDevKeys(config.stateDir)).idp.kid;
    const token = await signDemoToken(await importKey(jwk, 'ES256'), kid, config.auth.issuer, config.auth.audience, {
      role,
      agency: SERVICE_AGENCY,
      sub: `svc-${service}`,
      ttlSeconds: ttl,
    });
    cached = { token, renewAt: Date.now() + (ttl / 2) * 1000 };
    return token;
  };
}

interface ConnectionResult<N> {
  edges: { node: N }[];
  pageInfo: { endCursor: string | null; hasNextPage: boolean };
}

/** Reads `field(after:, first:)` of a GraphQL document through the gateway. */
export function gatewayFeedSource<N>(gatewayUrl: string | (() => string), token: TokenSource, document: string, field: string): FeedSource<N> {
  return async (after, first): Promise<FeedPage<N>> => {
    const url = typeof gatewayUrl === 'function' ? gatewayUrl() : gatewayUrl;
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${await token()}` },
      body: JSON.stringify({ query: document, variables: { after, first } }),
      signal: AbortSignal.timeout(30_000),
    });
    const body = (await res.json().catch(() => ({}))) as {
      data?: Record<string, ConnectionResult<N> | null>;
      errors?: { message: string; extensions?: { code?: string } }[];
    };
    const conn = body.data?.[field];
    if (!res.ok || body.errors?.length || !conn) {
      const errorCodes = (body.errors ?? []).map((e) => e.extensions?.code ?? 'UNKNOWN');
      // Only codes and the URL it tried: never an error message that might carry values.
      const what = `feed ${field} at ${url}: HTTP ${res.status} ${[...new Set(errorCodes)].join(', ')}`.trim();
      const refused = res.status === 401 || res.status === 403 || errorCodes.some((c) => c === 'UNAUTHENTICATED' || c === 'FORBIDDEN');
      throw refused ? new FeedRefusedError(what) : new Error(what);
    }
    return { events: conn.edges.map((e) => e.node), endCursor: conn.pageInfo.endCursor, hasNextPage: conn.pageInfo.hasNextPage };
  };
}
