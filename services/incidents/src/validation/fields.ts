/**
 * Field checks shared by every input of the incidents subgraph (GraphQL mutations and the records
 * import alike). Each check takes one value and its input path, reports problems under that path
 * (e.g. `input.victims[0].dateOfBirth`) and returns the normalized value, or null.
 * Reasons never repeat the value (it may be personal data).
 */
import { isValidDate } from '@ipvi/core';

export interface Problem {
  readonly field: string;
  readonly reason: string;
}

export type Obj = Readonly<Record<string, unknown>>;

/** Collects the problems of one input. */
export class Problems {
  readonly list: Problem[] = [];
  add(field: string, reason: string): void {
    this.list.push({ field, reason });
  }
  get ok(): boolean {
    return this.list.length === 0;
  }
}

export function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

const missing = (v: unknown) => v === undefined || v === null || (typeof v === 'string' && v.trim() === '');

interface TextOpts {
  readonly required?: boolean;
  readonly max?: number;
  readonly pattern?: RegExp;
  readonly patternReason?: string;
}

/** A trimmed string (inner whitespace runs collapsed unless `max` is large). */
export function text(p: Problems, v: unknown, field: string, opts: TextOpts = {}): string | null {
  if (missing(v)) {
    if (opts.required) p.add(field, 'is required');
    return null;
  }
  if (typeof v !== 'string') return (p.add(field, 'must be a string'), null);
  const max = opts.max ?? 200;
  const s = max > 1000 ? v.trim() : v.trim().replace(/\s+/g, ' ');
  if (s.length > max) return (p.add(field, `must be at most ${max} characters`), null);
  if (opts.pattern && !opts.pattern.test(s)) return (p.add(field, opts.patternReason ?? 'has an invalid format'), null);
  return s;
}

export function bool(p: Problems, v: unknown, field: string, required = false): boolean | null {
  if (v === undefined || v === null) {
    if (required) p.add(field, 'is required');
    return null;
  }
  if (typeof v !== 'boolean') return (p.add(field, 'must be true or false'), null);
  return v;
}

/** A code from a reference table (upper-cased). */
export function code(
  p: Problems,
  v: unknown,
  field: string,
  table: Readonly<Record<string, string>> | ReadonlySet<string>,
  what: string,
  required = false,
): string | null {
  const s = text(p, v, field, { required, max: 10 });
  if (s === null) return null;
  const c = s.toUpperCase();
  const known = table instanceof Set ? table.has(c) : Object.prototype.hasOwnProperty.call(table, c);
  if (!known) return (p.add(field, `is not a known ${what}`), null);
  return c;
}

interface DateOpts {
  readonly required?: boolean;
  /** Latest acceptable instant (e.g. now); later is "in the future". */
  readonly notAfter: Date;
}

const EARLIEST = Date.UTC(1900, 0, 1);

/** A calendar date, YYYY-MM-DD: a real date, not in the future, not before 1900. */
export function dateOnly(p: Problems, v: unknown, field: string, opts: DateOpts): string | null {
  const s = text(p, v, field, { required: opts.required, max: 10 });
  if (s === null) return null;
  if (!isValidDate(s)) return (p.add(field, 'is not a real calendar date (YYYY-MM-DD)'), null);
  const t = Date.parse(`${s}T00:00:00Z`);
  if (t < EARLIEST) return (p.add(field, 'is before 1900'), null);
  if (t > opts.notAfter.getTime()) return (p.add(field, 'is in the future'), null);
  return s;
}

const INSTANT = /^(\d{4}-\d{2}-\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,6})?)?(Z|[+-](\d{2}):(\d{2}))$/;

/** An instant, ISO-8601 with a zone: a real calendar date and time, not in the future. Returns it in UTC. */
export function instant(p: Problems, v: unknown, field: string, opts: DateOpts): string | null {
  if (v instanceof Date) return instantInRange(p, v.getTime(), field, opts);
  const s = text(p, v, field, { required: opts.required, max: 40 });
  if (s === null) return null;
  const m = INSTANT.exec(s);
  if (!m) return (p.add(field, 'must be an ISO-8601 date and time with a zone, e.g. 2026-01-31T22:15:00-05:00'), null);
  const [hh, mm, ss, offH, offM] = [m[2], m[3], m[4] ?? '0', m[6] ?? '0', m[7] ?? '0'].map(Number) as [number, number, number, number, number];
  if (!isValidDate(m[1]!) || hh > 23 || mm > 59 || ss > 59 || offH > 14 || offM > 59) return (p.add(field, 'is not a real date and time'), null);
  return instantInRange(p, Date.parse(s), field, opts);
}

/** An instant (ms) not before 1900 and not after `notAfter`, in UTC ISO-8601. */
function instantInRange(p: Problems, t: number, field: string, opts: DateOpts): string | null {
  if (Number.isNaN(t)) return (p.add(field, 'is not a real date and time'), null);
  if (t < EARLIEST) return (p.add(field, 'is before 1900'), null);
  if (t > opts.notAfter.getTime()) return (p.add(field, 'is in the future'), null);
  return new Date(t).toISOString();
}

/** A list (null when absent); non-lists are reported. */
export function list(p: Problems, v: unknown, field: string, opts: { required?: boolean; max?: number } = {}): unknown[] | null {
  if (v === undefined || v === null) {
    if (opts.required) p.add(field, 'is required');
    return null;
  }
  if (!Array.isArray(v)) return (p.add(field, 'must be a list'), null);
  if (opts.max !== undefined && v.length > opts.max) return (p.add(field, `must have at most ${opts.max} entries`), null);
  return v;
}

/** A person's name: letters required, at most 120 characters. */
export function personName(p: Problems, v: unknown, field: string, required: boolean): string | null {
  return text(p, v, field, { required, max: 120, pattern: /\p{L}/u, patternReason: 'must contain letters' });
}

/** A phone number, normalized to E.164 (10-digit numbers are taken as North American). */
export function phone(p: Problems, v: unknown, field: string): string | null {
  const s = text(p, v, field, { max: 30 });
  if (s === null) return null;
  const digits = s.replace(/[\s().-]/g, '');
  if (/^\d{10}$/.test(digits)) return `+1${digits}`;
  if (/^1\d{10}$/.test(digits)) return `+${digits}`;
  if (/^\+\d{8,15}$/.test(digits)) return digits;
  p.add(field, 'is not a phone number');
  return null;
}

/** The path of a key under a path ('' = top level, for import rows). */
export function join(path: string, key: string): string {
  return path ? `${path}.${key}` : key;
}

/** Reads the fields of one input object under its path: `r.text('rmsNumber')` checks `input.rmsNumber`. */
export class Reader {
  constructor(
    readonly p: Problems,
    readonly o: Obj,
    readonly path: string,
  ) {}
  field(key: string): string {
    return join(this.path, key);
  }
  text(key: string, opts?: TextOpts): string | null {
    return text(this.p, this.o[key], this.field(key), opts);
  }
  bool(key: string, required = false): boolean | null {
    return bool(this.p, this.o[key], this.field(key), required);
  }
  code(key: string, table: Readonly<Record<string, string>> | ReadonlySet<string>, what: string, required = false): string | null {
    return code(this.p, this.o[key], this.field(key), table, what, required);
  }
  date(key: string, opts: DateOpts): string | null {
    return dateOnly(this.p, this.o[key], this.field(key), opts);
  }
  instant(key: string, opts: DateOpts): string | null {
    return instant(this.p, this.o[key], this.field(key), opts);
  }
  list(key: string, opts?: { required?: boolean; max?: number }): unknown[] | null {
    return list(this.p, this.o[key], this.field(key), opts);
  }
  personName(key: string, required: boolean): string | null {
    return personName(this.p, this.o[key], this.field(key), required);
  }
  phone(key: string): string | null {
    return phone(this.p, this.o[key], this.field(key));
  }
}
