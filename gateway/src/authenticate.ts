/**
 * The gateway's authentication step: a valid client JWT whose agency is one the partnership
 * configured (police, advocacy or provider; service principals are the hub's own) and of the kind
 * its roles act for (core's ROLE_AGENCY_KINDS: a police role with a police ORI, an advocate with an
 * advocacy agency's id, a provider id for SERVICE_PROVIDER and for no other role), normalised. Anything else
 * is a 401 UNAUTHENTICATED, written to the gateway's hash-chained audit file and the log, with the
 * gateway's own request id and the client's id only as a correlation field.
 *
 * A client address that keeps failing (a flood of bad or forged tokens) is answered 429 before any
 * signature is checked, once it has used up its failed authentications (limits: authFailureRate);
 * the moment it does is audited once, not every refused request. A token this gateway already
 * admitted (cached until its exp) still passes: the limit costs a flooded address's honest users
 * only new tokens.
 */
import type http from 'node:http';
import type { FileAuditTrail } from '@ipvi/core/src/audit/file-trail';
import { agencyKind, normalizeAgency, type HubConfig } from '@ipvi/core/src/config';
import { ErrorCode } from '@ipvi/core/src/errors';
import type { ClientTokenVerifier } from '@ipvi/core/src/identity/client-token';
import { SERVICE_ROLES, rolesFitAgencyKind, type Principal } from '@ipvi/core/src/identity/principal';
import { errorFields, type Logger } from '@ipvi/core/src/logger';
import type { Refusal, RequestIds } from '@ipvi/core/src/server/http';
import type { AuthFailureLimit } from './limits';
import type { GatewayIdentity } from './runtime';

export interface AuthenticateDeps {
  readonly config: HubConfig;
  readonly log: Logger;
  readonly clientVerifier: ClientTokenVerifier;
  readonly authFailures: FileAuditTrail;
  /** The failed-login limit per client address (none when absent). */
  readonly failureLimit?: AuthFailureLimit;
}

/** Most admitted tokens remembered (cleared when full; a miss costs one signature check). */
const ADMITTED_MAX = 10_000;

/** The exp claim (ms) of a token whose signature was just verified; 0 when it has none. */
function expiryOf(token: string): number {
  try {
    const exp = (JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8')) as { exp?: unknown }).exp;
    return typeof exp === 'number' ? exp * 1000 : 0;
  } catch {
    return 0;
  }
}

/** The principal with its agency normalised, or why it cannot act here. */
export function admitPrincipal(config: HubConfig, principal: Principal): { ok: true; principal: Principal } | { ok: false; reason: string } {
  const service = principal.roles.some((r) => (SERVICE_ROLES as readonly string[]).includes(r));
  if (!service) {
    const kind = agencyKind(config, principal.agency);
    if (kind === undefined) return { ok: false, reason: 'unknown_agency' };
    // Police roles act for a police agency, advocates for an advocacy agency, SERVICE_PROVIDER for a provider id and a provider id for nothing else (ROLE_AGENCY_KINDS).
    if (!rolesFitAgencyKind(principal.roles, kind)) return { ok: false, reason: 'agency_kind' };
  }
  const agency = normalizeAgency(principal.agency);
  return { ok: true, principal: agency === principal.agency ? principal : Object.freeze({ ...principal, agency }) };
}

export function gatewayAuthenticator(deps: AuthenticateDeps): (req: http.IncomingMessage, ids: RequestIds) => Promise<GatewayIdentity | Refusal> {
  const refuse = async (req: http.IncomingMessage, ids: RequestIds, reason: string): Promise<Refusal> => {
    const { requestId, correlationId } = ids;
    deps.log.warn('authentication failed', {
      audit: true,
      action: 'AUTHENTICATE',
      outcome: 'DENIED',
      reason,
      requestId,
      correlationId,
      remote: req.socket.remoteAddress,
    });
    await deps.authFailures
      .append({ requestId, subject: 'anonymous', role: '', agency: '', operation: null, ...(correlationId ? { correlationId } : {}) }, [
        { action: 'AUTHENTICATE', fieldPath: `client-token:${reason}`, outcome: 'DENIED', entityIds: [], consentId: null },
      ])
      .catch((e) => deps.log.error('could not record an authentication failure in the audit file', { requestId, ...errorFields(e) }));
    return { status: 401, code: ErrorCode.UNAUTHENTICATED, message: 'A valid bearer token is required.' };
  };
  const admittedTokens = new Map<string, { principal: Principal; exp: number }>();
  const failed = async (req: http.IncomingMessage, ids: RequestIds, reason: string): Promise<Refusal> => {
    const address = req.socket.remoteAddress ?? 'unknown';
    if (deps.failureLimit?.failed(address)) {
      deps.log.warn('client address over its failed authentications: refused before verification for a while', {
        audit: true,
        requestId: ids.requestId,
        remote: address,
        limit: 'authFailures',
      });
    }
    return refuse(req, ids, reason);
  };
  return async (req, ids) => {
    const authorization = req.headers.authorization;
    const context = (principal: Principal): GatewayIdentity => ({
      principal,
      requestId: ids.requestId,
      ...(ids.correlationId ? { correlationId: ids.correlationId } : {}),
    });
    const known = authorization ? admittedTokens.get(authorization) : undefined;
    if (known) {
      if (known.exp > Date.now()) return context(known.principal);
      admittedTokens.delete(authorization!);
    }
    const refusal = deps.failureLimit?.refuse(req.socket.remoteAddress ?? 'unknown');
    if (refusal) return refusal;
    const result = await deps.clientVerifier.verify(authorization);
    if (!result.ok) return failed(req, ids, result.reason);
    const admitted = admitPrincipal(deps.config, result.principal);
    if (!admitted.ok) return failed(req, ids, admitted.reason);
    const exp = expiryOf(authorization!.trim().slice('Bearer '.length));
    if (exp > Date.now()) {
      if (admittedTokens.size >= ADMITTED_MAX) admittedTokens.clear();
      admittedTokens.set(authorization!, { principal: admitted.principal, exp });
    }
    return context(admitted.principal);
  };
}
