/**
 * One registry of error codes, and the one formatter that masks everything else.
 * Messages never carry personal data or values of denied fields.
 */
import { GraphQLError, type GraphQLErrorOptions, type GraphQLFormattedError } from 'graphql';
import { Reason, problemsMessage, type InputProblem } from './validation/problems';

export const ErrorCode = {
  UNAUTHENTICATED: 'UNAUTHENTICATED',
  FORBIDDEN: 'FORBIDDEN',
  BAD_USER_INPUT: 'BAD_USER_INPUT',
  /** A request GraphQL cannot run as sent (no such operation, several anonymous ones): HTTP 400. */
  BAD_REQUEST: 'BAD_REQUEST',
  NOT_FOUND: 'NOT_FOUND',
  CONFLICT: 'CONFLICT',
  /** A query limit was hit (depth, aliases, directives, size, cost, response size); `extensions.limit` names which, never its number. */
  LIMIT_EXCEEDED: 'LIMIT_EXCEEDED',
  /** Too many requests from one subject: HTTP 429, retry later. */
  RATE_LIMITED: 'RATE_LIMITED',
  INTERNAL_SERVER_ERROR: 'INTERNAL_SERVER_ERROR',
} as const;
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

const PUBLIC_CODES = new Set<string>(Object.values(ErrorCode).filter((c) => c !== 'INTERNAL_SERVER_ERROR'));
/** Codes that Apollo Server itself raises for malformed requests; safe to pass through. */
const APOLLO_REQUEST_CODES = new Set([
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'BAD_REQUEST',
  'PERSISTED_QUERY_NOT_FOUND',
  'OPERATION_RESOLUTION_FAILURE',
]);

/** `at`: the field's nodes and path, when known (an error placed at its path is not wrapped again by graphql's locatedError). */
export function forbidden(at?: Pick<GraphQLErrorOptions, 'nodes' | 'path'>): GraphQLError {
  return new GraphQLError('Not authorized to read this field.', { ...at, extensions: { code: ErrorCode.FORBIDDEN } });
}

export function unauthenticated(message = 'Authentication required.'): GraphQLError {
  return new GraphQLError(message, { extensions: { code: ErrorCode.UNAUTHENTICATED } });
}

/**
 * Bad input. The format every BAD_USER_INPUT answer has, wherever it comes from (gateway checks,
 * subgraph checks, domain validation):
 *   message               every problem as `field: reason`, joined by "; " (never a submitted value)
 *   extensions.field      the input path of the first problem, e.g. "input.offender.name"
 *   extensions.problems   every problem: [{ field, reason }] (one or more), so a mutation can report
 *                         all its problems in one answer
 * Reasons name the expectation: "is required", "must be a string", "must be one of the values of
 * Tier (D, C, B, A); the closest is A", "must be between 0 and 100", "must be a UUID", ...
 */
export function badInput(field: string, message: string): GraphQLError {
  return badUserInput([{ field, reason: message }]);
}

/** One BAD_USER_INPUT naming every problem (HTTP 400 when it ends the request before execution). */
export function badUserInput(problems: readonly InputProblem[], http400 = false): GraphQLError {
  const list = problems.length ? problems : [{ field: 'input', reason: 'is not valid' }];
  const extensions: Record<string, unknown> = { code: ErrorCode.BAD_USER_INPUT, field: list[0]!.field, problems: list };
  if (http400) extensions.http = { status: 400 };
  return new GraphQLError(problemsMessage(list), { extensions });
}

export function notFound(what: string): GraphQLError {
  return new GraphQLError(`${what} not found.`, { extensions: { code: ErrorCode.NOT_FOUND } });
}

export function conflict(message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: ErrorCode.CONFLICT } });
}

export type QueryLimit = 'depth' | 'aliases' | 'directives' | 'tokens' | 'cost' | 'responseSize';

const LIMIT_MESSAGES: Record<QueryLimit, string> = {
  depth: 'The query nests deeper than this hub allows.',
  aliases: 'The query uses more aliases than this hub allows.',
  directives: 'The query uses more directives than this hub allows.',
  tokens: 'The query is longer than this hub allows.',
  cost: 'The query asks for more data than this hub allows in one request: ask for fewer items (first) or fewer nested lists.',
  responseSize: 'The answer is larger than this hub sends in one response: ask for fewer items or fields.',
};

/** A query limit was hit: says which, never its number. HTTP 400. */
export function limitExceeded(limit: QueryLimit): GraphQLError {
  return new GraphQLError(LIMIT_MESSAGES[limit], { extensions: { code: ErrorCode.LIMIT_EXCEEDED, limit, http: { status: 400 } } });
}

/**
 * Thrown by validation code: one problem (`new InputError(field, reason)`) or several
 * (`InputError.of(problems)`); answered as one BAD_USER_INPUT carrying them all.
 */
export class InputError extends Error {
  readonly problems: readonly InputProblem[];
  constructor(
    readonly field: string,
    readonly reason: string,
    more: readonly InputProblem[] = [],
  ) {
    const problems = [{ field, reason }, ...more];
    super(problemsMessage(problems));
    this.problems = problems;
  }
  static of(problems: readonly InputProblem[]): InputError {
    const [first, ...rest] = problems.length ? problems : [{ field: 'input', reason: 'is not valid' }];
    return new InputError(first!.field, first!.reason, rest);
  }
  toGraphQL(): GraphQLError {
    return badUserInput(this.problems);
  }
}

const VARIABLE_ERROR = /^Variable "\$([A-Za-z_][A-Za-z0-9_]*)" (?:got invalid value|of required type|of non-null type)/;

/** The problem graphql-js reported after the value it quotes (matched only outside that quoted value). */
function innerReason(inner: string, at: string): InputProblem {
  const required = /^Field "([A-Za-z_]\w*)" of required type "[^"]+" was not provided\.$/.exec(inner);
  if (required) return { field: `${at}.${required[1]}`, reason: Reason.required };
  const unknown = /^Field "([A-Za-z_]\w*)" is not defined by type "([A-Za-z_]\w*)"/.exec(inner);
  if (unknown) return { field: `${at}.${unknown[1]}`, reason: Reason.unknownField(unknown[2]!) };
  if (/^Expected non-nullable type "[^"]+" not to be null\.$/.test(inner)) return { field: at, reason: Reason.notNull };
  const enumType = /does not exist in "([A-Za-z_]\w*)" enum/.exec(inner);
  if (enumType) return { field: at, reason: `must be one of the values of ${enumType[1]}` };
  return { field: at, reason: 'has a value of the wrong type' };
}

/**
 * GraphQL's messages for a bad variable quote the submitted value (which may be a name, a phone
 * number, ...). Keep the variable, the input path and the reason graphql-js found, never the value.
 * (The hub's own checks run before graphql-js coerces variables, so this is the fallback.)
 */
export function withoutVariableValue(message: string): { message: string; field: string | undefined; problem: InputProblem } | undefined {
  const m = VARIABLE_ERROR.exec(message);
  if (!m) return undefined;
  if (/^Variable "\$\w+" of (?:required|non-null) type/.test(message)) {
    const problem = { field: m[1]!, reason: message.includes('must not be null') ? Reason.notNull : Reason.required };
    return { message: problemsMessage([problem]), field: problem.field, problem };
  }
  // `... got invalid value <value> at "<path>"; <reason>`: the path and reason follow the last `"; `
  // outside the value (graphql-js escapes quotes inside a quoted value).
  const tail = /(?: at "([^"\\]+)")?; ((?:[^"\\]|"[^"\\]*")*)$/.exec(message);
  const at = tail?.[1] ?? m[1]!;
  const problem = tail ? innerReason(tail[2]!, at) : { field: at, reason: 'has a value of the wrong type' };
  return { message: problemsMessage([problem]), field: problem.field, problem };
}

function problemsOf(x: unknown): InputProblem[] | undefined {
  if (!Array.isArray(x) || x.length === 0) return undefined;
  return x.every((p) => p && typeof p === 'object' && typeof p.field === 'string' && typeof p.reason === 'string')
    ? x.map((p: InputProblem) => ({ field: p.field, reason: p.reason }))
    : undefined;
}

function inputAnswer(problems: readonly InputProblem[], formatted: GraphQLFormattedError, requestId: string | undefined): GraphQLFormattedError {
  return {
    message: problemsMessage(problems),
    path: formatted.path,
    locations: formatted.locations,
    extensions: { code: ErrorCode.BAD_USER_INPUT, field: problems[0]!.field, problems, requestId },
  };
}

const SEVERAL_ANONYMOUS = /^This anonymous operation must be the only defined operation\.$/;

/** Field suggestions ("Did you mean ...?") would map the schema for a scanner: never sent. */
export function withoutSuggestions(message: string): string {
  return message.replace(/ ?Did you mean [^?]*\?/g, '').trim();
}

/** Request errors that quote the document (parse) or a literal value (validation): keep the shape, drop the text. */
function requestErrorMessage(code: string, message: string): string {
  const plain = withoutSuggestions(message);
  if (code === 'GRAPHQL_PARSE_FAILED') return plain.replace(/"(?:[^"\\]|\\.)*"/g, '"…"');
  if (code === 'GRAPHQL_VALIDATION_FAILED') return plain.replace(/, found .*$/s, '.').replace(/ value: .*$/s, ' value.');
  return plain;
}

/**
 * Masks every error whose code is not in the public registry: a generic message and the request id.
 * Known codes keep their message, `field`, `problems` (BAD_USER_INPUT) and `limit` (LIMIT_EXCEEDED),
 * nothing else (no stack traces, no internal details, no field suggestions, no submitted values).
 */
export function maskError(
  formatted: GraphQLFormattedError,
  original: unknown,
  requestId: string | undefined,
  log?: (e: unknown) => void,
): GraphQLFormattedError {
  const code = String(formatted.extensions?.code ?? '');
  const cause = original instanceof GraphQLError ? original.originalError : original;
  if (cause instanceof InputError) return inputAnswer(cause.problems, formatted, requestId);
  // Bad input found by a validation rule (e.g. a single-item field asked inside a list) arrives wrapped as a validation failure.
  if (cause instanceof GraphQLError && cause.originalError instanceof InputError) return inputAnswer(cause.originalError.problems, formatted, requestId);
  // Limits raised by validation rules arrive wrapped as validation failures.
  if (cause instanceof GraphQLError && cause.extensions?.code === ErrorCode.LIMIT_EXCEEDED) {
    return { message: cause.message, extensions: { code: ErrorCode.LIMIT_EXCEEDED, limit: cause.extensions.limit, requestId } };
  }
  if (code === 'GRAPHQL_PARSE_FAILED' && /Document contains more th\w+ \d+ tokens/.test(formatted.message)) {
    const e = limitExceeded('tokens');
    return { message: e.message, extensions: { code: ErrorCode.LIMIT_EXCEEDED, limit: 'tokens', requestId } };
  }
  if (code === ErrorCode.BAD_USER_INPUT) {
    const problems = problemsOf(formatted.extensions?.problems);
    if (problems) return inputAnswer(problems, formatted, requestId);
    const variable = withoutVariableValue(formatted.message);
    if (variable) return { ...inputAnswer([variable.problem], formatted, requestId), path: undefined };
    const field = formatted.extensions?.field;
    if (typeof field === 'string') {
      const reason = formatted.message.startsWith(`${field}: `) ? formatted.message.slice(field.length + 2) : withoutSuggestions(formatted.message);
      return inputAnswer([{ field, reason }], formatted, requestId);
    }
  }
  if (PUBLIC_CODES.has(code) || APOLLO_REQUEST_CODES.has(code)) {
    // Several anonymous operations: the request names no operation to run, like an unknown operationName.
    const requestCode = code === 'GRAPHQL_VALIDATION_FAILED' && SEVERAL_ANONYMOUS.test(formatted.message) ? ErrorCode.BAD_REQUEST : code;
    const extensions: Record<string, unknown> = { code: requestCode, requestId };
    if (formatted.extensions?.field !== undefined) extensions.field = formatted.extensions.field;
    if (code === ErrorCode.LIMIT_EXCEEDED) extensions.limit = formatted.extensions?.limit;
    return { message: requestErrorMessage(code, formatted.message), path: formatted.path, locations: formatted.locations, extensions };
  }
  log?.(original);
  return { message: 'Internal server error.', path: formatted.path, extensions: { code: ErrorCode.INTERNAL_SERVER_ERROR, requestId } };
}
