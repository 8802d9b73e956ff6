import { GraphQLError } from 'graphql';
import { InputError, limitExceeded, maskError, withoutSuggestions, withoutVariableValue } from './errors';

describe('maskError', () => {
  it('masks unknown errors to a generic message with the request id', () => {
    const out = maskError({ message: 'relation "x" does not exist', extensions: { code: 'WHATEVER' } }, new Error('relation "x"'), 'req-1');
    expect(out).toEqual({ message: 'Internal server error.', extensions: { code: 'INTERNAL_SERVER_ERROR', requestId: 'req-1' } });
  });

  it('keeps the field of a BAD_USER_INPUT, and lists it as the one problem', () => {
    const e = new GraphQLError('x', { originalError: new InputError('input.offenses[1]', 'unknown NIBRS code') });
    const out = maskError({ message: 'x' }, e, 'r');
    expect(out.message).toBe('input.offenses[1]: unknown NIBRS code');
    expect(out.extensions).toEqual({
      code: 'BAD_USER_INPUT',
      field: 'input.offenses[1]',
      problems: [{ field: 'input.offenses[1]', reason: 'unknown NIBRS code' }],
      requestId: 'r',
    });
  });

  it('carries every problem of a validation that found several', () => {
    const problems = [
      { field: 'input.occurredAt', reason: 'is required' },
      { field: 'input.offenses[0]', reason: 'is not a NIBRS offense code' },
      { field: 'input.victims[1].dateOfBirth', reason: 'must be a real calendar date, YYYY-MM-DD' },
    ];
    const out = maskError({ message: 'x' }, new GraphQLError('x', { originalError: InputError.of(problems) }), 'r');
    expect(out.message).toBe(
      'input.occurredAt: is required; input.offenses[0]: is not a NIBRS offense code; input.victims[1].dateOfBirth: must be a real calendar date, YYYY-MM-DD',
    );
    expect(out.extensions).toEqual({ code: 'BAD_USER_INPUT', field: 'input.occurredAt', problems, requestId: 'r' });
  });

  it('never repeats the value of a bad variable, and keeps the reason graphql-js found', () => {
    const message =
      'Variable "$input" got invalid value "Jane Q. Victim, 555-0142" at "input.victims[0].phone"; String cannot represent a non string value: "Jane Q. Victim, 555-0142"';
    const out = maskError({ message, extensions: { code: 'BAD_USER_INPUT' } }, undefined, 'r');
    expect(JSON.stringify(out)).not.toContain('Jane');
    expect(out.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.victims[0].phone', requestId: 'r' });
  });

  it('names the missing field of a variable (the inner coercion error)', () => {
    const message = 'Variable "$input" got invalid value { rmsNumber: "Jane" } at "input.offender"; Field "name" of required type "String!" was not provided.';
    const out = maskError({ message, extensions: { code: 'BAD_USER_INPUT' } }, undefined, 'r');
    expect(out.message).toBe('input.offender.name: is required');
    expect(out.extensions).toMatchObject({ field: 'input.offender.name' });
  });

  it('is not fooled by a value that imitates the inner error', () => {
    const message =
      'Variable "$input" got invalid value "x; Field \\"ssn\\" of required type \\"String!\\" was not provided." at "input.note"; String cannot represent a non string value: 5';
    const out = maskError({ message, extensions: { code: 'BAD_USER_INPUT' } }, undefined, 'r');
    expect(out.extensions).toMatchObject({ field: 'input.note' });
    expect(JSON.stringify(out)).not.toContain('ssn');
  });

  it('drops field suggestions and quoted values from request errors', () => {
    const v = maskError(
      { message: 'Cannot query field "incidnts" on type "Query". Did you mean "incidents" or "incident"?', extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } },
      undefined,
      'r',
    );
    expect(v.message).toBe('Cannot query field "incidnts" on type "Query".');
    const found = maskError({ message: 'Expected value of type "Int", found "Jane".', extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } }, undefined, 'r');
    expect(found.message).toBe('Expected value of type "Int".');
    const parse = maskError({ message: 'Syntax Error: Unexpected Name "Jane".', extensions: { code: 'GRAPHQL_PARSE_FAILED' } }, undefined, 'r');
    expect(parse.message).toBe('Syntax Error: Unexpected Name "…".');
  });

  it('answers a limit by name, never by number', () => {
    const tokens = maskError(
      { message: 'Syntax Error: Document contains more than 4000 tokens. Parsing aborted.', extensions: { code: 'GRAPHQL_PARSE_FAILED' } },
      undefined,
      'r',
    );
    expect(tokens).toEqual({ message: 'The query is longer than this hub allows.', extensions: { code: 'LIMIT_EXCEEDED', limit: 'tokens', requestId: 'r' } });
    const wrapped = new GraphQLError('x', { originalError: limitExceeded('depth') });
    expect(maskError({ message: 'x', extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } }, wrapped, 'r').extensions).toEqual({
      code: 'LIMIT_EXCEEDED',
      limit: 'depth',
      requestId: 'r',
    });
  });
});

describe('withoutVariableValue', () => {
  it('names the variable when there is no input path', () => {
    expect(withoutVariableValue('Variable "$at" got invalid value "2026-02-30T10:00:00Z"; DateTime must be ...')).toMatchObject({
      field: 'at',
      message: 'at: has a value of the wrong type',
    });
  });
  it('names a required variable that was not provided', () => {
    expect(withoutVariableValue('Variable "$id" of required type "ID!" was not provided.')).toMatchObject({ field: 'id', message: 'id: is required' });
  });
  it('leaves other messages alone', () => {
    expect(withoutVariableValue('Cannot query field "x" on type "Query".')).toBeUndefined();
  });
});

describe('withoutSuggestions', () => {
  it('removes every "Did you mean" clause', () => {
    expect(withoutSuggestions('Unknown argument "frist" on field "Query.offenders". Did you mean "first"?')).toBe(
      'Unknown argument "frist" on field "Query.offenders".',
    );
  });
});
