import { InputError } from '../errors';
import { CursorShapes, encodeCursor, pageOf } from './connection';

const problemsOf = (f: () => unknown): unknown => {
  try {
    f();
  } catch (e) {
    if (e instanceof InputError) return e.problems;
    throw e;
  }
  throw new Error('expected BAD_USER_INPUT');
};

describe('pageOf', () => {
  it('answers a bad page size and a bad cursor together, naming each argument and never its value', () => {
    const problems = problemsOf(() => pageOf({ first: 500, after: 'bm90LWEtY3Vyc29y' }, CursorShapes.instantAndId));
    expect(problems).toEqual([
      { field: 'first', reason: 'must be between 0 and 100' },
      { field: 'after', reason: 'is not a cursor returned by this list' },
    ]);
    expect(JSON.stringify(problems)).not.toContain('500');
  });

  it('refuses a cursor of another shape, and decodes one of its own', () => {
    const seq = encodeCursor([42]);
    expect(problemsOf(() => pageOf({ after: seq }, CursorShapes.instantAndId))).toEqual([{ field: 'after', reason: 'is not a cursor returned by this list' }]);
    const own = encodeCursor(['2026-01-02T03:04:05.000Z', '0b7c6a1e-4f5d-4c3b-9a2e-1d0c9b8a7f6e']);
    expect(pageOf({ first: 3, after: own }, CursorShapes.instantAndId)).toEqual({
      limit: 3,
      after: ['2026-01-02T03:04:05.000Z', '0b7c6a1e-4f5d-4c3b-9a2e-1d0c9b8a7f6e'],
    });
  });
});
