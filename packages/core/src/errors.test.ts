import { GraphQLError } from 'graphql';
import { InputError, maskError, withoutVariableValue } from './errors';

describe('maskError', () => {
  it('masks unknown errors to a generic message with the request id', () => {
    const out = maskError({ message: 'relation "x" does not exist', extensions: { code: 'WHATEVER' } }, new Error('relation "x"'), 'req-1');
    expect(out).toEqual({ message: 'Internal server error.', extensions: { code: 'INTERNAL_SERVER_ERROR', requestId: 'req-1' } });
  });

  it('keeps the field of a BAD_USER_INPUT', () => {
    const e = new GraphQLError('x', { originalError: new InputError('input.offenses[1]', 'unknown NIBRS code') });
    expect(maskError({ message: 'x' }, e, 'r').extensions).toEqual({ code: 'BAD_USER_INPUT', field: 'input.offenses[1]', requestId: 'r' });
  });

  it('never repeats the value of a bad variable', () => {
    const message = 'Variable "$input" got invalid value "Jane Q. Victim, 555-0142" at "input.victims[0].phone"; String cannot represent a non string value: "Jane Q. Victim, 555-0142"';
    const out = maskError({ message, extensions: { code: 'BAD_USER_INPUT' } }, undefined, 'r');
    expect(JSON.stringify(out)).not.toContain('Jane');
    expect(out.extensions).toEqual({ code: 'BAD_USER_INPUT', field: 'input.victims[0].phone', requestId: 'r' });
  });
});

describe('withoutVariableValue', () => {
  it('names the variable when there is no input path', () => {
    expect(withoutVariableValue('Variable "$at" got invalid value "2026-02-30T10:00:00Z"; DateTime must be ...')).toEqual({
      message: 'Variable "$at" has an invalid value: see the schema for the expected type.',
      field: 'at',
    });
  });
  it('leaves other messages alone', () => {
    expect(withoutVariableValue('Cannot query field "x" on type "Query".')).toBeUndefined();
  });
});
