/** Small input rules shared by the victim-services mutations. */
import { InputError } from '@ipvi/core';

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Ids are UUIDs; anything else can name no row (and must answer like a missing one). */
export function isUuid(s: unknown): s is string {
  return typeof s === 'string' && UUID_RE.test(s);
}

/** Keeps only well-formed ids (a malformed id is a missing row, never an error that tells them apart). */
export function uuidsOnly(ids: readonly string[]): string[] {
  return ids.filter(isUuid);
}

/** Trimmed text, or undefined/null as given; refuses empty or over-long values. */
export function text<T extends string | null | undefined>(field: string, value: T, max = 500): T {
  if (typeof value !== 'string') return value;
  const v = value.trim();
  if (v === '') throw new InputError(field, 'must not be empty');
  if (v.length > max) throw new InputError(field, `must be at most ${max} characters`);
  return v as T;
}

/** A required trimmed text. */
export function requiredText(field: string, value: string | null | undefined, max = 500): string {
  if (value === null || value === undefined) throw new InputError(field, 'is required');
  return text(field, value, max);
}

/** Non-empty trimmed strings of a list (blank entries dropped). */
export function textList(field: string, values: readonly string[] | null | undefined, max = 500): string[] {
  const out: string[] = [];
  (values ?? []).forEach((v, i) => {
    const t = v.trim();
    if (t.length > max) throw new InputError(`${field}[${i}]`, `must be at most ${max} characters`);
    if (t) out.push(t);
  });
  return out;
}

/** Refuses an instant in the future (small clock skew allowed). */
export function notInFuture(field: string, at: Date, now: Date, skewMs = 5 * 60_000): Date {
  if (at.getTime() > now.getTime() + skewMs) throw new InputError(field, 'must not be in the future');
  return at;
}

/** Age in whole years on a UTC date, from a YYYY-MM-DD date of birth. */
export function ageOn(dateOfBirth: string, at: Date): number {
  const [y, m, d] = dateOfBirth.split('-').map(Number) as [number, number, number];
  let age = at.getUTCFullYear() - y;
  const beforeBirthday = at.getUTCMonth() + 1 < m || (at.getUTCMonth() + 1 === m && at.getUTCDate() < d);
  if (beforeBirthday) age--;
  return age;
}

/** The (instant, id) keyset of a cursor, or BAD_USER_INPUT for a cursor this list never issued. */
export function instantIdCursor(after: readonly (string | number)[] | undefined): [string, string] | undefined {
  if (!after) return undefined;
  const [at, id] = after;
  if (typeof at !== 'string' || Number.isNaN(Date.parse(at)) || !isUuid(id)) throw new InputError('after', 'is not a cursor returned by this list');
  return [at, id];
}
