/**
 * Client JWT verification at the gateway: signature against configured keys or a JWKS URL,
 * issuer, audience, exp, nbf and an asymmetric algorithm allow-list (never `none`, never HS*).
 */
import { createLocalJWKSet, createRemoteJWKSet, jwtVerify, SignJWT, type JWK, type JSONWebKeySet, type CryptoKey } from 'jose';
import { principalFromClaims, type Principal, type Role } from './principal';

export type ClientTokenResult = { ok: true; principal: Principal } | { ok: false; reason: string };

export interface ClientTokenOptions {
  readonly issuer: string;
  readonly audience: string;
  readonly algorithms: readonly string[];
  readonly jwksUrl?: string;
  readonly jwks?: JSONWebKeySet;
}

export class ClientTokenVerifier {
  private readonly keys: ReturnType<typeof createLocalJWKSet> | ReturnType<typeof createRemoteJWKSet>;
  private readonly cache = new Map<string, { principal: Principal; exp: number }>();
  private readonly algorithms: string[];

  constructor(private readonly opts: ClientTokenOptions) {
    this.algorithms = opts.algorithms.filter((a) => a !== 'none' && !a.startsWith('HS'));
    if (this.algorithms.length === 0) throw new Error('no acceptable algorithms configured');
    if (opts.jwksUrl && opts.jwks) {
      // The identity provider's JWKS for people, plus local keys (the hub's service principals).
      const local = createLocalJWKSet(opts.jwks);
      const remote = createRemoteJWKSet(new URL(opts.jwksUrl));
      this.keys = (async (header, token) => {
        try {
          return await local(header, token);
        } catch {
          return remote(header, token);
        }
      }) as ReturnType<typeof createRemoteJWKSet>;
    } else if (opts.jwksUrl) this.keys = createRemoteJWKSet(new URL(opts.jwksUrl));
    else if (opts.jwks) this.keys = createLocalJWKSet(opts.jwks);
    else throw new Error('client token verification needs a JWKS URL or a key set');
  }

  async verify(authorization: string | undefined): Promise<ClientTokenResult> {
    if (!authorization) return { ok: false, reason: 'missing_token' };
    const m = /^Bearer ([A-Za-z0-9_-]+\.[A-Za-z0-9_-]*\.[A-Za-z0-9_-]*)$/.exec(authorization.trim());
    if (!m || !m[1]) return { ok: false, reason: 'malformed_token' };
    const token = m[1];
    const now = Date.now();
    const hit = this.cache.get(token);
    if (hit) {
      if (hit.exp > now) return { ok: true, principal: hit.principal };
      this.cache.delete(token);
    }
    try {
      const { payload } = await jwtVerify(token, this.keys, {
        issuer: this.opts.issuer,
        audience: this.opts.audience,
        algorithms: this.algorithms,
        requiredClaims: ['exp', 'sub'],
        clockTolerance: 5,
      });
      const principal = principalFromClaims(payload as Record<string, unknown>);
      if (!principal) return { ok: false, reason: 'bad_claims' };
      // A token whose nbf is in the future was already refused by jwtVerify; cache only until exp.
      if (this.cache.size > 50_000) this.cache.clear();
      this.cache.set(token, { principal, exp: (payload.exp ?? 0) * 1000 });
      return { ok: true, principal };
    } catch (e) {
      const code = (e as { code?: string }).code ?? 'invalid_token';
      return { ok: false, reason: code.replace(/^ERR_/, '').toLowerCase() };
    }
  }
}

export interface DemoTokenRequest {
  readonly role: Role;
  readonly agency: string;
  readonly sub?: string;
  readonly ttlSeconds?: number;
  readonly notBefore?: number;
}

/** Signs a token as the development identity provider (never in production: the CLI refuses). */
export async function signDemoToken(key: CryptoKey, kid: string, issuer: string, audience: string, req: DemoTokenRequest): Promise<string> {
  const jwt = new SignJWT({ roles: [req.role], agency: req.agency })
    .setProtectedHeader({ alg: 'ES256', kid, typ: 'JWT' })
    .setSubject(req.sub ?? `demo-${req.role.toLowerCase()}`)
    .setIssuer(issuer)
    .setAudience(audience)
    .setIssuedAt()
    .setExpirationTime(`${req.ttlSeconds ?? 8 * 3600}s`);
  if (req.notBefore !== undefined) jwt.setNotBefore(req.notBefore);
  return jwt.sign(key);
}

export function jwksOf(...publicJwks: JWK[]): JSONWebKeySet {
  return { keys: publicJwks };
}
