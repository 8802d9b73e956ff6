/**
 * The gateway's authentication step: a valid client JWT whose agency is one the partnership
 * configured (police, advocacy or provider; service principals are the hub's own) and of the kind
 * its role acts for (a provider id for SERVICE_PROVIDER and for no other role), normalised. Anything else
 * is a 401 UNAUTHENTICATED, written to the gateway's hash-chained audit file and the log, with the
 * gateway's own request id and the client's id only as a correlation field.
 */
import type http from 'node:http';
import {
  ErrorCode,
  PROVIDER_ROLES,
  SERVICE_ROLES,
  agencyKind,
  errorFields,
  normalizeAgency,
  type ClientTokenVerifier,
  type FileAuditTrail,
  type HubConfig,
  type Logger,
  type Principal,
  type Refusal,
  type RequestIds,
} from '@ipvi/core';
import type { GatewayRequestContext } from './runtime';

export interface AuthenticateDeps {
  readonly config: HubConfig;
  readonly log: Logger;
  readonly clientVerifier: ClientTokenVerifier;
  readonly authFailures: FileAuditTrail;
}

/** The principal with its agency normalised, or why it cannot act here. */
export function admitPrincipal(config: HubConfig, principal: Principal): { ok: true; principal: Principal } | { ok: false; reason: string } {
  const service = principal.roles.some((r) => (SERVICE_ROLES as readonly string[]).includes(r));
  if (!service) {
    const kind = agencyKind(config, principal.agency);
    if (kind === undefined) return { ok: false, reason: 'unknown_agency' };
    // A provider id acts only as SERVICE_PROVIDER, and SERVICE_PROVIDER only with a provider id (PROVIDER_AGENCIES).
    const provider = principal.roles.some((r) => PROVIDER_ROLES.includes(r));
    if (provider !== (kind === 'provider')) return { ok: false, reason: 'agency_kind' };
  }
  const agency = normalizeAgency(principal.agency);
  return { ok: true, principal: agency === principal.agency ? principal : Object.freeze({ ...principal, agency }) };
}

export function gatewayAuthenticator(deps: AuthenticateDeps): (req: http.IncomingMessage, ids: RequestIds) => Promise<GatewayRequestContext | Refusal> {
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
  return async (req, ids) => {
    const result = await deps.clientVerifier.verify(req.headers.authorization);
    if (!result.ok) return refuse(req, ids, result.reason);
    const admitted = admitPrincipal(deps.config, result.principal);
    if (!admitted.ok) return refuse(req, ids, admitted.reason);
    return { principal: admitted.principal, requestId: ids.requestId, ...(ids.correlationId ? { correlationId: ids.correlationId } : {}) };
  };
}
