/** DateTime (ISO-8601, UTC) and Date (YYYY-MM-DD) scalars shared by every subgraph. */
import { GraphQLError, GraphQLScalarType, Kind } from 'graphql';

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

export function isValidDate(s: string): boolean {
  const m = DATE_RE.exec(s);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.toISOString().slice(0, 10) === s;
}

const DATE_TIME_RE = /^(\d{4}-\d{2}-\d{2})T([01]\d|2[0-3]):[0-5]\d(:[0-5]\d(\.\d{1,6})?)?(Z|[+-]([01]\d|2[0-3]):[0-5]\d)$/;

/** A real instant: the calendar date must exist (no 2026-02-30 rolling over to March). */
function parseDateTime(v: unknown): Date {
  const m = typeof v === 'string' ? DATE_TIME_RE.exec(v) : null;
  if (!m || !isValidDate(m[1]!) || Number.isNaN(Date.parse(v as string))) {
    throw new GraphQLError('DateTime must be an ISO-8601 date and time with a zone, e.g. 2026-01-31T22:15:00Z', { extensions: { code: 'BAD_USER_INPUT' } });
  }
  return new Date(v as string);
}

export const DateTimeScalar = new GraphQLScalarType({
  name: 'DateTime',
  description: 'An instant, ISO-8601 in UTC.',
  serialize: (v) => (v instanceof Date ? v.toISOString() : new Date(String(v)).toISOString()),
  parseValue: parseDateTime,
  parseLiteral: (ast) => parseDateTime(ast.kind === Kind.STRING ? ast.value : undefined),
});

function parseDate(v: unknown): string {
  if (typeof v !== 'string' || !isValidDate(v))
    throw new GraphQLError('Date must be a real calendar date, YYYY-MM-DD', { extensions: { code: 'BAD_USER_INPUT' } });
  return v;
}

export const DateScalar = new GraphQLScalarType({
  name: 'Date',
  description: 'A calendar date, YYYY-MM-DD.',
  serialize: (v) => (v instanceof Date ? v.toISOString().slice(0, 10) : String(v)),
  parseValue: parseDate,
  parseLiteral: (ast) => parseDate(ast.kind === Kind.STRING ? ast.value : undefined),
});

export const scalarResolvers = { DateTime: DateTimeScalar, Date: DateScalar };

/** The reasons (input-problem wording, without the value) the hub's scalars give. */
export const SCALAR_REASONS = {
  DateTime: 'must be an ISO-8601 date and time with a zone, e.g. 2026-01-31T22:15:00Z',
  Date: 'must be a real calendar date, YYYY-MM-DD',
} as const;

function hasNul(v: unknown, depth = 0): boolean {
  if (typeof v === 'string') return v.includes('\u0000');
  if (depth > 20 || v === null || typeof v !== 'object') return false;
  return (Array.isArray(v) ? v : [...Object.keys(v), ...Object.values(v)]).some((x) => hasNul(x, depth + 1));
}

/**
 * Why a value is not one of a custom scalar's values, or undefined. DateTime and Date are checked
 * like their parsers; any other custom scalar (JSON) only refuses NUL characters anywhere inside.
 */
export function scalarProblem(name: string, v: unknown): string | undefined {
  if (name === 'DateTime') {
    try {
      parseDateTime(v);
      return undefined;
    } catch {
      return SCALAR_REASONS.DateTime;
    }
  }
  if (name === 'Date') return typeof v === 'string' && isValidDate(v) ? undefined : SCALAR_REASONS.Date;
  return hasNul(v) ? 'must not contain a NUL character' : undefined;
}
