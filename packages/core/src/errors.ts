/**
 * One registry of error codes, and the one formatter that masks everything else.
 * Messages never carry personal data or values of denied fields.
 */
import { GraphQLError, type GraphQLFormattedError } from 'graphql';

export const ErrorCode = {
  UNAUTHENTICATED: 'UNAUTHENTICATED',
  FORBIDDEN: 'FORBIDDEN',
  BAD_USER_INPUT: 'BAD_USER_INPUT',
  NOT_FOUND: 'NOT_FOUND',
  CONFLICT: 'CONFLICT',
  INTERNAL_SERVER_ERROR: 'INTERNAL_SERVER_ERROR',
} as const;
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

const PUBLIC_CODES = new Set<string>(Object.values(ErrorCode).filter((c) => c !== 'INTERNAL_SERVER_ERROR'));
/** Codes that Apollo Server itself raises for malformed requests; safe to pass through. */
const APOLLO_REQUEST_CODES = new Set(['GRAPHQL_PARSE_FAILED', 'GRAPHQL_VALIDATION_FAILED', 'BAD_REQUEST', 'PERSISTED_QUERY_NOT_FOUND', 'OPERATION_RESOLUTION_FAILURE']);

export function forbidden(): GraphQLError {
  return new GraphQLError('Not authorized to read this field.', { extensions: { code: ErrorCode.FORBIDDEN } });
}

export function unauthenticated(message = 'Authentication required.'): GraphQLError {
  return new GraphQLError(message, { extensions: { code: ErrorCode.UNAUTHENTICATED } });
}

/** Bad input: `field` is the input path, e.g. "input.offenses[1]". */
export function badInput(field: string, message: string): GraphQLError {
  return new GraphQLError(`${field}: ${message}`, { extensions: { code: ErrorCode.BAD_USER_INPUT, field } });
}

export function notFound(what: string): GraphQLError {
  return new GraphQLError(`${what} not found.`, { extensions: { code: ErrorCode.NOT_FOUND } });
}

export function conflict(message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: ErrorCode.CONFLICT } });
}

/** Thrown by validation code; collects several problems but reports them one field at a time. */
export class InputError extends Error {
  constructor(readonly field: string, readonly reason: string) {
    super(`${field}: ${reason}`);
  }
  toGraphQL(): GraphQLError {
    return badInput(this.field, this.reason);
  }
}

const VARIABLE_ERROR = /^Variable "\$([A-Za-z_][A-Za-z0-9_]*)" (?:got invalid value|of required type|of non-null type)/;

/**
 * GraphQL's messages for a bad variable quote the submitted value (which may be a name, a phone
 * number, ...). Keep the variable and the input path, never the value.
 */
export function withoutVariableValue(message: string): { message: string; field: string | undefined } | undefined {
  const m = VARIABLE_ERROR.exec(message);
  if (!m) return undefined;
  const at = [...message.matchAll(/ at "([^"]+)"/g)].at(-1)?.[1];
  const field = at ?? m[1];
  return { message: `Variable "$${m[1]}" has an invalid value${at ? ` at "${at}"` : ''}: see the schema for the expected type.`, field };
}

/**
 * Masks every error whose code is not in the public registry: a generic message and the request id.
 * Known codes keep their message and `field`, nothing else (no stack traces, no internal details).
 */
export function maskError(formatted: GraphQLFormattedError, original: unknown, requestId: string | undefined, log?: (e: unknown) => void): GraphQLFormattedError {
  const code = String(formatted.extensions?.code ?? '');
  const cause = original instanceof GraphQLError ? original.originalError : original;
  if (cause instanceof InputError) {
    return { message: cause.message, path: formatted.path, locations: formatted.locations, extensions: { code: ErrorCode.BAD_USER_INPUT, field: cause.field, requestId } };
  }
  if (PUBLIC_CODES.has(code) || APOLLO_REQUEST_CODES.has(code)) {
    const extensions: Record<string, unknown> = { code, requestId };
    if (formatted.extensions?.field !== undefined) extensions.field = formatted.extensions.field;
    const variable = withoutVariableValue(formatted.message);
    if (variable) {
      if (variable.field && extensions.field === undefined) extensions.field = variable.field;
      return { message: variable.message, locations: formatted.locations, extensions };
    }
    return { message: formatted.message, path: formatted.path, locations: formatted.locations, extensions };
  }
  log?.(original);
  return { message: 'Internal server error.', path: formatted.path, extensions: { code: ErrorCode.INTERNAL_SERVER_ERROR, requestId } };
}
