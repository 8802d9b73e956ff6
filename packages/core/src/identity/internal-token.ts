/**
 * The gateway's signed internal identity: a short-lived token per principal and subgraph
 * (audience = subgraph name). Subgraphs verify it on every request and trust nothing else.
 */
import { SignJWT, jwtVerify, type CryptoKey } from 'jose';
import { INTERNAL_ALG } from './keys';
import { principalFromClaims, principalKey, type Principal } from './principal';

export const INTERNAL_IDENTITY_HEADER = 'x-ipvi-identity';
export const REQUEST_ID_HEADER = 'x-request-id';
/** The client's own request id, which the gateway passes on (sanitised) for log correlation only. */
export const CORRELATION_ID_HEADER = 'x-correlation-id';

/** Mints internal identities; a token is reused for most of its short life so identity costs little per request. */
export class InternalTokenSigner {
  private readonly cache = new Map<string, { token: string; renewAt: number }>();
  constructor(
    private readonly key: CryptoKey,
    private readonly issuer: string,
    private readonly ttlSeconds: number,
  ) {}

  async tokenFor(principal: Principal, audience: string): Promise<string> {
    const cacheKey = `${audience}|${principalKey(principal)}`;
    const now = Date.now();
    const hit = this.cache.get(cacheKey);
    if (hit && hit.renewAt > now) return hit.token;
    const token = await new SignJWT({ roles: [...principal.roles], agency: principal.agency, scope: [...principal.scope] })
      .setProtectedHeader({ alg: INTERNAL_ALG, typ: 'ipvi-internal+jwt' })
      .setSubject(principal.sub)
      .setIssuer(this.issuer)
      .setAudience(audience)
      .setIssuedAt()
      .setExpirationTime(`${this.ttlSeconds}s`)
      .sign(this.key);
    if (this.cache.size > 10_000) this.cache.clear();
    this.cache.set(cacheKey, { token, renewAt: now + this.ttlSeconds * 500 });
    return token;
  }
}

/** Verifies internal identities for one subgraph (its own audience only). */
export class InternalTokenVerifier {
  private readonly cache = new Map<string, { principal: Principal; exp: number }>();
  constructor(
    private readonly key: CryptoKey,
    private readonly issuer: string,
    private readonly audience: string,
  ) {}

  /** Returns the principal, or undefined for anything that is not a valid identity for this subgraph. */
  async verify(token: string | undefined): Promise<Principal | undefined> {
    if (!token) return undefined;
    const now = Date.now();
    const hit = this.cache.get(token);
    if (hit && hit.exp > now) return hit.principal;
    try {
      const { payload, protectedHeader } = await jwtVerify(token, this.key, {
        issuer: this.issuer,
        audience: this.audience,
        algorithms: [INTERNAL_ALG],
        requiredClaims: ['exp', 'iat', 'sub'],
      });
      if (protectedHeader.typ !== 'ipvi-internal+jwt') return undefined;
      const principal = principalFromClaims(payload as Record<string, unknown>);
      if (!principal || !payload.exp) return undefined;
      if (this.cache.size > 10_000) this.cache.clear();
      this.cache.set(token, { principal, exp: payload.exp * 1000 });
      return principal;
    } catch {
      return undefined;
    }
  }
}
