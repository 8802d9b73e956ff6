/**
 * The input rules of incidents (zod), built on core's shared rules (text, ids, dates with the one
 * clock skew): what only police records have (ORIs, NIBRS codes, statutes, phone numbers, names) and
 * the two forms a value arrives in (the graph's DateTime is a Date; a records-import row's is text).
 * Reasons never repeat the value. Each rule is one field's; rules across fields are the validators'.
 */
import { z } from 'zod';
import { type Problems, SCALAR_REASONS, dateOfBirth, isValidDate, normalizeAgency, pastInstant, requiredText, scalarProblem, TEXT } from '@ipvi/core';

/** Where a validator reports (`input`, `input.incident`; '' for import rows) and what the writer may record. */
export interface ValidationOptions {
  readonly now: Date;
  /** Path of the input object in problem fields (default `input`; '' for import rows). */
  readonly path?: string;
  /** Police agencies the writer may record for (the caller's scope, or the partnership for an import). */
  readonly agencies: readonly string[];
  /** The partnership's configured police agencies (normalized): any other agency is refused. */
  readonly partnerAgencies: readonly string[];
}

/** A validated value, or every problem of the input (named by input path). */
export interface Validated<T> {
  readonly value: T | null;
  readonly problems: Problems['all'];
}

export function validated<T>(p: Problems, value: T | null): Validated<T> {
  return p.any || value === null ? { value: null, problems: p.all } : { value, problems: [] };
}

/** A blank string is an absent value (a records export leaves cells empty; a form sends ""). */
function blankAsAbsent<S extends z.ZodType>(schema: S) {
  return z.preprocess((v) => (typeof v === 'string' && v.trim() === '' ? undefined : v), schema);
}

/** Text: trimmed, at most `max` characters, no NUL; short text has its runs of whitespace collapsed. */
export function text(max: number = TEXT.name) {
  return requiredText(max).transform((s) => (max > 1000 ? s : s.replace(/\s+/g, ' ')));
}

/** Required text (a blank one is missing). */
export function required<S extends z.ZodType>(schema: S) {
  return blankAsAbsent(schema);
}

/** Optional text or value: absent, null or blank is null. */
export function optional<S extends z.ZodType>(schema: S) {
  return blankAsAbsent(schema.nullish()).transform((v) => v ?? null);
}

/** Text that must match a pattern. */
export function patterned(max: number, pattern: RegExp, reason: string) {
  return text(max).refine((s) => pattern.test(s), reason);
}

/** ORI: 9 characters, the state's two letters then seven letters or digits. */
export const ORI = /^[A-Z]{2}[A-Z0-9]{7}$/;

/**
 * The recording agency, normalized (`nc0410300` is NC0410300): an ORI of a configured partner police
 * agency the writer may record for. Never echoed.
 */
export function agencyOri(opts: Pick<ValidationOptions, 'agencies' | 'partnerAgencies'>) {
  return z
    .string()
    .transform(normalizeAgency)
    .refine((a) => ORI.test(a), { message: 'must be an ORI: 9 characters, 2 letters then 7 letters or digits', abort: true })
    .refine((a) => opts.partnerAgencies.includes(a), { message: 'is not a police agency of the partnership', abort: true })
    .refine((a) => opts.agencies.includes(a), 'is not an agency you may record for');
}

/** A code of a reference table, upper-cased. */
export function code(table: Readonly<Record<string, string>> | ReadonlySet<string>, what: string) {
  const known = (c: string) => (table instanceof Set ? table.has(c) : Object.prototype.hasOwnProperty.call(table, c));
  return z
    .string()
    .trim()
    .transform((s) => s.toUpperCase())
    .refine(known, `is not a known ${what}`);
}

/** One of a closed list (the graph's enum; an import's text in any case). */
export function oneOf<const T extends readonly [string, ...string[]]>(values: T) {
  return z
    .string()
    .trim()
    .transform((s) => s.toUpperCase())
    .pipe(z.enum(values));
}

/** An instant (the graph's DateTime, or ISO-8601 text with a zone) not in the future beyond the clock skew; in UTC ISO-8601. */
export function instant(now: Date) {
  return z
    .preprocess((v, ctx) => {
      if (typeof v !== 'string') return v;
      const reason = scalarProblem('DateTime', v.trim());
      if (reason) ctx.addIssue({ code: 'custom', message: reason });
      return reason ? v : new Date(v.trim());
    }, pastInstant(now))
    .transform((d) => d.toISOString());
}

/** A calendar date (YYYY-MM-DD, a real one) accepted by `rule`. */
function calendarDate<S extends z.ZodType<string, string>>(rule: S) {
  return z.string().trim().refine(isValidDate, { message: SCALAR_REASONS.Date, abort: true }).pipe(rule);
}

/** A date that has happened (a date of birth, a charge, an issue): not before 1900, not in the future (core's one rule). */
export function pastDate(now: Date) {
  return calendarDate(dateOfBirth(now));
}

/** A date that may lie ahead (an expiry): a real date before 2200. */
export function anyDate() {
  return calendarDate(z.string().refine((d) => d < '2200-01-01', 'must be before 2200-01-01'));
}

/** A person's name: letters required, at most 120 characters. */
export function personName() {
  return text(120).refine((s) => /\p{L}/u.test(s), 'must contain letters');
}

/** A phone number, normalized to E.164 (10-digit numbers are taken as North American). */
export function phone() {
  return text(30).transform((s, ctx) => {
    const digits = s.replace(/[\s().-]/g, '');
    if (/^\d{10}$/.test(digits)) return `+1${digits}`;
    if (/^1\d{10}$/.test(digits)) return `+${digits}`;
    if (/^\+\d{8,15}$/.test(digits)) return digits;
    ctx.addIssue({ code: 'custom', message: 'is not a phone number' });
    return z.NEVER;
  });
}

/** Parses each field of `shape` on its own, in order: one bad field leaves the others' values for the rules across fields. */
export function parseFields<S extends z.ZodRawShape>(p: Problems, shape: S, o: Readonly<Record<string, unknown>>): { [K in keyof S]?: z.output<S[K]> } {
  const out: Record<string, unknown> = {};
  for (const [key, schema] of Object.entries(shape)) {
    const v = p.parse(z.object({ [key]: schema }), { [key]: o[key] }) as Record<string, unknown> | undefined;
    if (v) out[key] = v[key];
  }
  return out as { [K in keyof S]?: z.output<S[K]> };
}

/** The object at the root of `p`, or undefined (reported: required, or not an object). */
export function objectAt(p: Problems, v: unknown, field: string): Readonly<Record<string, unknown>> | undefined {
  if (v === undefined || v === null) return void p.add(field, 'is required');
  if (typeof v !== 'object' || Array.isArray(v)) return void p.add(field, 'must be an object');
  return v as Readonly<Record<string, unknown>>;
}
