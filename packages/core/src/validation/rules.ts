/**
 * The shared input rules of every subgraph (one schema library: zod). Each rule states its reason in
 * words an API user can act on and never repeats the submitted value. Time-dependent rules take the
 * request's `now`, and all of them allow the one clock skew, CLOCK_SKEW_MS.
 */
import { z } from 'zod';
import { agencyKind, normalizeAgency, type AgencyKind, type HubConfig } from '../config';
import { suggestionList } from 'graphql/jsutils/suggestionList';
import { Reason } from './problems';

/** The one allowance for clocks that disagree: an instant up to this far ahead of the server's "now" is not "in the future". */
export const CLOCK_SKEW_MS = 5 * 60_000;
/** Earliest plausible date of birth or event. */
export const EARLIEST_DATE = '1900-01-01';
/** Default longest list an input may hold. */
export const MAX_LIST_ITEMS = 50;
/** Text limits used across the hub. */
export const TEXT = { name: 200, short: 500, long: 4000 } as const;

const NUL = '\u0000';
/** A UUID (every id of the hub is one), in any case. */
export const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * A rule's schema, built once per arguments and shared: zod schemas are immutable (every method returns a new one), and
 * building one costs far more than parsing with it (about 0.5 ms for an input's object on the reference machine, against
 * a few microseconds to parse), so the rules that do not depend on the request are not rebuilt for every request.
 */
const built = new Map<string, unknown>();
function memo<T>(key: string, build: () => T): T {
  let schema = built.get(key) as T | undefined;
  if (schema === undefined) {
    schema = build();
    built.set(key, schema);
  }
  return schema;
}

/** Whether a string is a UUID (every id of the hub is one). */
export function isUuid(s: unknown): s is string {
  return typeof s === 'string' && UUID_RE.test(s);
}

/** Keeps only well-formed ids (a malformed id names no row: read paths answer it like a missing one). */
export function uuidsOnly(ids: readonly string[]): string[] {
  return ids.filter(isUuid);
}

/** Required text: trimmed, not empty, at most `max` characters, no NUL. */
export function requiredText(max: number = TEXT.short) {
  return memo(`requiredText ${max}`, () =>
    z
      .string()
      .trim()
      .min(1, 'must not be empty')
      .max(max, `must be at most ${max} characters`)
      .refine((s) => !s.includes(NUL), Reason.nul),
  );
}

/** Optional text: absent or null stays so; given, it follows requiredText. */
export function optionalText(max: number = TEXT.short) {
  return memo(`optionalText ${max}`, () => requiredText(max).nullish());
}

/** An id (UUID). */
export function id() {
  return memo('id', () => z.string().regex(UUID_RE, Reason.uuid));
}

/** A list of at most `max` items. */
export function list<T extends z.ZodType>(item: T, max: number = MAX_LIST_ITEMS) {
  return z.array(item).max(max, `must hold at most ${max} items`);
}

/** A list of texts; blank entries are dropped. */
export function textList(maxItem: number = TEXT.short, max: number = MAX_LIST_ITEMS) {
  return memo(`textList ${maxItem} ${max}`, () => textListOf(maxItem, max));
}

function textListOf(maxItem: number, max: number) {
  return list(z.string(), max).transform((xs, ctx) => {
    const out: string[] = [];
    xs.forEach((raw, i) => {
      const s = raw.trim();
      if (s.length > maxItem) ctx.addIssue({ code: 'custom', path: [i], message: `must be at most ${maxItem} characters` });
      else if (s.includes(NUL)) ctx.addIssue({ code: 'custom', path: [i], message: Reason.nul });
      else if (s) out.push(s);
    });
    return out;
  });
}

/** An instant (the DateTime scalar's Date) that is not in the future (beyond the clock skew) and not before 1900. */
export function pastInstant(now: Date) {
  return z
    .date()
    .refine((d) => d.getTime() <= now.getTime() + CLOCK_SKEW_MS, 'must not be in the future')
    .refine((d) => d.toISOString().slice(0, 10) >= EARLIEST_DATE, `must not be before ${EARLIEST_DATE}`);
}

/** An instant that is still ahead (an expiry): later than `now` less the clock skew. */
export function futureInstant(now: Date) {
  return z.date().refine((d) => d.getTime() > now.getTime() - CLOCK_SKEW_MS, 'must be in the future');
}

/** Today's date (UTC) at `now`, allowing the clock skew. */
export function todayOf(now: Date): string {
  return new Date(now.getTime() + CLOCK_SKEW_MS).toISOString().slice(0, 10);
}

/** A plausible date of birth (the Date scalar's YYYY-MM-DD): not before 1900, not in the future. */
export function dateOfBirth(now: Date) {
  return z
    .string()
    .refine((d) => d >= EARLIEST_DATE, `must not be before ${EARLIEST_DATE}`)
    .refine((d) => d <= todayOf(now), 'must not be in the future');
}

/** An agency of the partnership (of one of `kinds`), normalised; never echoes an unknown one. */
export function agency(config: HubConfig, kinds: readonly AgencyKind[] = ['police', 'advocacy']) {
  let ofConfig = agencies.get(config);
  if (!ofConfig) agencies.set(config, (ofConfig = new Map()));
  const key = kinds.join(' ');
  let schema = ofConfig.get(key);
  if (!schema) ofConfig.set(key, (schema = agencyOf(config, kinds)));
  return schema;
}
/** The agency rule of each configuration (a request's config is its server's, made once), by kinds. */
const agencies = new WeakMap<HubConfig, Map<string, ReturnType<typeof agencyOf>>>();

function agencyOf(config: HubConfig, kinds: readonly AgencyKind[]) {
  return z
    .string()
    .transform(normalizeAgency)
    .refine(
      (a) => {
        const kind = agencyKind(config, a);
        return kind !== undefined && kinds.includes(kind);
      },
      `is not ${kinds.length === 1 ? `a ${kinds[0]} agency` : 'an agency'} of the partnership`,
    );
}

/** Whole number in a range. */
export function intBetween(min: number, max: number) {
  return memo(`intBetween ${min} ${max}`, () => intBetweenOf(min, max));
}

function intBetweenOf(min: number, max: number) {
  return z.number().int(Reason.integer).min(min, `must be between ${min} and ${max}`).max(max, `must be between ${min} and ${max}`);
}

/** Age in whole years on a UTC date, from a YYYY-MM-DD date of birth. */
export function ageOn(dateOfBirthValue: string, at: Date): number {
  const [y, m, d] = dateOfBirthValue.split('-').map(Number) as [number, number, number];
  let age = at.getUTCFullYear() - y;
  const beforeBirthday = at.getUTCMonth() + 1 < m || (at.getUTCMonth() + 1 === m && at.getUTCDate() < d);
  if (beforeBirthday) age--;
  return age;
}

/** Optional text where a blank string is absent (a form sends ""): absent, null or blank is null; given, it follows requiredText. */
export function textOrBlank(max: number = TEXT.short) {
  return memo(`textOrBlank ${max}`, () => textOrBlankOf(max));
}

function textOrBlankOf(max: number) {
  return z.preprocess((v) => (typeof v === 'string' && v.trim() === '' ? null : v), optionalText(max)).transform((v) => v ?? null);
}

/**
 * One of a closed list, named `typeName` in the reason, with the closest allowed value when there is
 * one (for closed lists inside JSON documents; the graph's own enums are checked before anything runs).
 */
export function closedList<const T extends readonly [string, ...string[]]>(typeName: string, values: T) {
  return z
    .string()
    .superRefine((v, ctx) => {
      if (values.includes(v)) return;
      const closest = v.length <= 100 ? suggestionList(v, values)[0] : undefined;
      ctx.addIssue({ code: 'custom', message: Reason.enumValue(typeName, values, closest) });
    })
    .transform((v) => v as T[number]);
}
