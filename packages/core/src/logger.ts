/**
 * Structured JSON logs, one line per event. Callers pass identifiers and counts, never personal data.
 * As a net for what slips through (pino-style redaction, at the logger): fields that carry request or
 * database values (`parameters`, `variables`, `detail`, `query`, tokens, ...) are replaced, and in
 * every other text field quoted values and `(key)=(value)` details are blanked, so a database error
 * that quotes a submitted value (`invalid input syntax for type uuid: "jane doe"`) logs its shape only.
 */
import { types } from 'node:util';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error' | 'silent';
const ORDER: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40, silent: 100 };

export interface Logger {
  debug(msg: string, fields?: Record<string, unknown>): void;
  info(msg: string, fields?: Record<string, unknown>): void;
  warn(msg: string, fields?: Record<string, unknown>): void;
  error(msg: string, fields?: Record<string, unknown>): void;
  child(fields: Record<string, unknown>): Logger;
}

export function createLogger(
  level: LogLevel,
  base: Record<string, unknown> = {},
  write: (line: string) => void = (l) => process.stdout.write(l + '\n'),
): Logger {
  const min = ORDER[level];
  const emit = (lvl: Exclude<LogLevel, 'silent'>, msg: string, fields?: Record<string, unknown>) => {
    if (ORDER[lvl] < min) return;
    write(JSON.stringify({ time: new Date().toISOString(), level: lvl, ...base, msg, ...(fields ? redactFields(fields) : undefined) }));
  };
  return {
    debug: (m, f) => emit('debug', m, f),
    info: (m, f) => emit('info', m, f),
    warn: (m, f) => emit('warn', m, f),
    error: (m, f) => emit('error', m, f),
    child: (fields) => createLogger(level, { ...base, ...fields }, write),
  };
}

const REDACTED = '[redacted]';

/** Keys whose values are never logged. */
export const REDACT_KEYS: ReadonlySet<string> = new Set([
  'parameters',
  'params',
  'values',
  'variables',
  'detail',
  'where',
  'query',
  'sql',
  'body',
  'password',
  'token',
  'authorization',
  'cookie',
  'driverError',
]);

/** Blanks what a message quotes: "...", '...' and `(key)=(value)` details (PostgreSQL's way of naming a value). */
export function redactText(s: string): string {
  return s
    .replace(/"(?:[^"\\]|\\.)*"/g, `"${REDACTED}"`)
    .replace(/'(?:[^'\\]|\\.)*'/g, `'${REDACTED}'`)
    .replace(/=\([^)]*\)/g, `=(${REDACTED})`);
}

/**
 * An Error of any realm: `instanceof` alone misses one made in another V8 context (a vm context, such as the test files'
 * sandbox when the hub's modules are loaded outside it), and its message would then be logged as a plain value.
 */
const isError = (v: unknown): v is Error => v instanceof Error || types.isNativeError(v);

function redactValue(v: unknown, depth: number): unknown {
  if (typeof v === 'string') return redactText(v);
  if (isError(v)) return errorFields(v);
  if (depth > 3 || v === null || typeof v !== 'object') return v;
  if (Array.isArray(v)) return v.map((x) => redactValue(x, depth + 1));
  return redactFields(v as Record<string, unknown>, depth + 1);
}

/** A log line's fields with values of the redacted keys replaced and quoted values blanked. */
export function redactFields(fields: Record<string, unknown>, depth = 0): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(fields)) out[k] = REDACT_KEYS.has(k) && v !== undefined ? REDACTED : redactValue(v, depth);
  return out;
}

/** An error's class, its SQLSTATE when it is a database error, and its message (no stack; quoted values blanked) for logs. */
export function errorFields(e: unknown): Record<string, unknown> {
  if (isError(e)) {
    const code = (e as { code?: unknown; driverError?: { code?: unknown } }).driverError?.code ?? (e as { code?: unknown }).code;
    const sqlState = typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code) ? { sqlState: code } : {};
    return { err: e.name, ...sqlState, errMsg: redactText(e.message.slice(0, 300)) };
  }
  return { err: redactText(String(e).slice(0, 300)) };
}
