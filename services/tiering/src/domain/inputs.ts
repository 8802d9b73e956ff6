/**
 * Plain input checks shared by the program services (the shared zod validation of branch `vs` is not
 * on main yet; these give the same answer: BAD_USER_INPUT naming the input path and a reason, never
 * the submitted value).
 */
import { agencyKind, InputError, isPartnershipCoordinator, isUuid, normalizeAgency, type HubConfig, type Principal } from '@ipvi/core';

/** A configured police agency, normalized; `fallback` (the caller's own) when omitted. */
export function policeAgency(config: HubConfig, raw: string | null | undefined, field: string, fallback?: string): string {
  const value = raw ?? fallback;
  if (value === undefined || agencyKind(config, value) !== 'police') throw new InputError(field, 'must be a police agency of the partnership');
  return normalizeAgency(value);
}

/** The sites a coordinator's writes may name: the caller's own agency, or every police agency for a partnership-wide coordinator. */
export function writableAgencies(config: HubConfig, principal: Principal): readonly string[] {
  if (isPartnershipCoordinator(config, principal)) return config.partnership.policeAgencies;
  const own = normalizeAgency(principal.agency);
  return agencyKind(config, own) === 'police' ? [own] : [];
}

/** The police agency a write names (the caller's own when omitted): one of writableAgencies. */
export function ownPoliceAgency(config: HubConfig, principal: Principal, raw: string | null | undefined, field: string): string {
  const agency = policeAgency(config, raw, field, principal.agency);
  if (!writableAgencies(config, principal).includes(agency)) throw new InputError(field, "must be the caller's own agency");
  return agency;
}

/** Trimmed text of a bounded length. */
export function text(value: string | null | undefined, field: string, max: number, required = true): string | null {
  const v = (value ?? '').trim();
  if (!v) {
    if (required) throw new InputError(field, 'is required');
    return null;
  }
  if (v.length > max) throw new InputError(field, `must be at most ${max} characters`);
  return v;
}

export function requiredText(value: string | null | undefined, field: string, max: number): string {
  return text(value, field, max, true)!;
}

/** A list of bounded length. */
export function list<T>(value: readonly T[] | null | undefined, field: string, min: number, max: number): readonly T[] {
  const v = value ?? [];
  if (v.length < min || v.length > max) throw new InputError(field, `must hold ${min} to ${max} entries`);
  return v;
}

/** An id of this hub (a UUID). */
export function id(value: string, field: string): string {
  if (!isUuid(value)) throw new InputError(field, 'is not an id of this hub');
  return value.toLowerCase();
}
