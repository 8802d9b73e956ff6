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

/** What the gateway answered a service principal: the HTTP status, the data, and the codes of its errors (never their messages). */
export interface GatewayAnswer<D> {
  readonly url: string;
  readonly status: number;
  readonly ok: boolean;
  readonly data: D | null;
  readonly codes: readonly string[];
}

/** POSTs a document with its variables to the gateway as a service principal. */
export async function postToGateway<D>(
  gatewayUrl: string | (() => string),
  token: TokenSource,
  document: string,
  variables: Record<string, unknown>,
  timeoutMs: number,
): Promise<GatewayAnswer<D>> {
  const url = typeof gatewayUrl === 'function' ? gatewayUrl() : gatewayUrl;
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${await token()}` },
    body: JSON.stringify({ query: document, variables }),
    signal: AbortSignal.timeout(timeoutMs),
  });
  const body = (await res.json().catch(() => ({}))) as { data?: D | null; errors?: { extensions?: { code?: string } }[] };
  return { url, status: res.status, ok: res.ok, data: body.data ?? null, codes: (body.errors ?? []).map((e) => e.extensions?.code ?? 'UNKNOWN') };
}

/** Whether the answer failed: not 2xx, any error, or no data. */
export const gatewayFailed = (a: GatewayAnswer<unknown>): boolean => !a.ok || a.codes.length > 0 || a.data === null;

/** A failed answer described by what was asked, the URL, the status and the error codes only: never an error message that might carry values. */
export function describeGatewayFailure(what: string, a: GatewayAnswer<unknown>): string {
  return `${what} at ${a.url}: HTTP ${a.status} ${[...new Set(a.codes)].join(', ')}`.trim();
}

/** Reads `field(after:, first:)` of a GraphQL document through the gateway. */
export function gatewayFeedSource<N>(gatewayUrl: string | (() => string), token: TokenSource, document: string, field: string): FeedSource<N> {
  return async (after, first): Promise<FeedPage<N>> => {
    const a = await postToGateway<Record<string, ConnectionResult<N> | null>>(gatewayUrl, token, document, { after, first }, 30_000);
    const conn = a.data?.[field];
    if (gatewayFailed(a) || !conn) {
      const what = describeGatewayFailure(`feed ${field}`, a);
      const refused = a.status === 401 || a.status === 403 || a.codes.some((c) => c === 'UNAUTHENTICATED' || c === 'FORBIDDEN');
      throw refused ? new FeedRefusedError(what) : new Error(what);
    }
    return { events: conn.edges.map((e) => e.node), endCursor: conn.pageInfo.endCursor, hasNextPage: conn.pageInfo.hasNextPage };
  };
}
