/** Who is asking: the roles of the partnership and the principal that a verified token yields. */
import type { AgencyKind } from '../config';

export const HUMAN_ROLES = [
  'OFFICER',
  'DV_DETECTIVE',
  'COORDINATOR',
  'PROSECUTOR',
  'ADVOCATE',
  'ADVOCATE_SUPERVISOR',
  'ANALYST',
  'AUDITOR',
  'SERVICE_PROVIDER',
] as const;
export const SERVICE_ROLES = ['SERVICE_TIERING', 'SERVICE_VICTIM_SERVICES'] as const;
export const ROLES = [...HUMAN_ROLES, ...SERVICE_ROLES] as const;
export type HumanRole = (typeof HUMAN_ROLES)[number];
export type ServiceRole = (typeof SERVICE_ROLES)[number];
export type Role = (typeof ROLES)[number];

export const POLICE_ROLES: readonly Role[] = ['OFFICER', 'DV_DETECTIVE', 'COORDINATOR'];
export const ADVOCATE_ROLES: readonly Role[] = ['ADVOCATE', 'ADVOCATE_SUPERVISOR'];
/**
 * Offender-service providers (batterer intervention, treatment, employment programs): their agency is
 * the provider's id (PROVIDER_AGENCIES). Police side of the VAWA line, but they read only the referrals
 * sent to them (domain.md, "Offender-service providers").
 */
export const PROVIDER_ROLES: readonly Role[] = ['SERVICE_PROVIDER'];
/** The criminal-justice side of the VAWA firewall (police and prosecutors). */
export const CRIMINAL_JUSTICE_ROLES: readonly Role[] = [...POLICE_ROLES, 'PROSECUTOR'];

/**
 * The kinds of partner agency a token of each person role may name (the gateway refuses any other
 * pairing as `agency_kind`). Police roles act for a police agency (POLICE_AGENCIES) and advocates for
 * an advocacy agency (ADVOCACY_AGENCIES): their row scope is their agency's. A prosecutor stays on the
 * criminal-justice side of the VAWA line: the partnership has no registry of prosecutors' offices, so
 * the prosecutor's token names a police agency (as the demo's does), never an advocacy agency whose
 * consented releases it would read. Analysts and auditors need no agency of a kind (their reads are
 * partnership-wide): any police or advocacy agency of the partnership. A provider id
 * (PROVIDER_AGENCIES) acts only as SERVICE_PROVIDER. Service principals are the hub's own and not listed.
 */
export const ROLE_AGENCY_KINDS: Readonly<Record<HumanRole, readonly AgencyKind[]>> = Object.freeze({
  OFFICER: ['police'],
  DV_DETECTIVE: ['police'],
  COORDINATOR: ['police'],
  PROSECUTOR: ['police'],
  ADVOCATE: ['advocacy'],
  ADVOCATE_SUPERVISOR: ['advocacy'],
  ANALYST: ['police', 'advocacy'],
  AUDITOR: ['police', 'advocacy'],
  SERVICE_PROVIDER: ['provider'],
});

/** Whether every role of a person principal may act for an agency of this kind (service roles: not asked here). */
export function rolesFitAgencyKind(roles: readonly Role[], kind: AgencyKind): boolean {
  return roles.every((r) => !(r in ROLE_AGENCY_KINDS) || ROLE_AGENCY_KINDS[r as HumanRole].includes(kind));
}

/**
 * Why a set of roles cannot make one principal, or undefined when it can. The policy takes the most
 * permissive decision of a principal's roles, so a principal holding roles on both sides of the VAWA
 * firewall (criminal justice and advocates) would read both sides' data: such identities are refused.
 * Service principals act alone.
 */
export function roleConflict(roles: readonly Role[]): string | undefined {
  const has = (group: readonly Role[]) => roles.some((r) => group.includes(r));
  if (has(CRIMINAL_JUSTICE_ROLES) && has(ADVOCATE_ROLES)) return 'criminal-justice and advocate roles cannot be held together (VAWA)';
  if (has(SERVICE_ROLES) && roles.length > 1) return 'a service role cannot be combined with other roles';
  if (has(PROVIDER_ROLES) && roles.length > 1) return 'a service provider (another organisation) holds no other role';
  return undefined;
}

export function isRole(x: unknown): x is Role {
  return typeof x === 'string' && (ROLES as readonly string[]).includes(x);
}

export interface Principal {
  /** Stable subject id from the identity provider (never a name). */
  readonly sub: string;
  readonly roles: readonly Role[];
  /** The principal's agency: a police ORI, an advocacy agency id, a provider id, the DA's office, ... */
  readonly agency: string;
  /** Optional caseload/jurisdiction scope narrowing (e.g. a unit); empty = the whole agency. */
  readonly scope: readonly string[];
}

/** Key that identifies one principal's claims (for caches). */
export function principalKey(p: Principal): string {
  return `${p.sub}|${p.roles.join(',')}|${p.agency}|${p.scope.join(',')}`;
}

/** Parses and validates claims from a verified token into a principal; returns undefined when malformed. */
export function principalFromClaims(claims: Record<string, unknown>): Principal | undefined {
  const sub = claims.sub;
  const agency = claims.agency;
  const rolesRaw = Array.isArray(claims.roles) ? claims.roles : typeof claims.role === 'string' ? [claims.role] : [];
  const roles = rolesRaw.filter(isRole);
  if (typeof sub !== 'string' || !sub || typeof agency !== 'string' || !agency) return undefined;
  if (roles.length === 0 || roles.length !== rolesRaw.length || roleConflict(roles)) return undefined;
  const scope = Array.isArray(claims.scope) ? claims.scope.filter((s): s is string => typeof s === 'string') : [];
  return Object.freeze({ sub, roles: Object.freeze(roles), agency, scope: Object.freeze(scope) });
}
