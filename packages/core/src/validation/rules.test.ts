import { loadConfig } from '../config';
import { InputProblems, Problems, parseInput } from './collect';
import { CLOCK_SKEW_MS, agency, dateOfBirth, id, list, optionalText, pastInstant, requiredText, textList, textOrBlank, closedList } from './rules';
import { z } from 'zod';

const now = new Date('2026-06-01T12:00:00Z');
const problemsOf = (f: () => unknown) => {
  try {
    f();
  } catch (e) {
    if (e instanceof InputProblems) return e.problems;
    throw e;
  }
  return [];
};

describe('shared input rules', () => {
  const schema = z.object({
    name: requiredText(5),
    note: optionalText(3),
    ref: id(),
    at: pastInstant(now),
    dob: dateOfBirth(now).nullish(),
    tags: list(z.string(), 2).optional(),
    lines: textList(4).optional(),
  });
  const good = { name: ' Ann ', ref: '5b0e7c1a-1111-4222-8333-944455556666', at: now };

  it('trims text and accepts a good input', () => {
    expect(parseInput(schema, good)).toMatchObject({ name: 'Ann' });
  });

  it('reports every problem of an input at once, with its path and reason, never the value', () => {
    const bad = {
      name: ' ',
      note: 'x\u0000',
      ref: 'nope',
      at: new Date(now.getTime() + CLOCK_SKEW_MS + 1000),
      dob: '1899-12-31',
      tags: ['a', 'b', 'c'],
      lines: ['ok', 'too long'],
    };
    const e = (() => {
      try {
        parseInput(schema, bad);
      } catch (err) {
        return err as InputProblems;
      }
      throw new Error('accepted');
    })();
    expect(e.problems).toEqual([
      { field: 'input.name', reason: 'must not be empty' },
      { field: 'input.note', reason: 'must not contain a NUL character' },
      { field: 'input.ref', reason: 'must be a UUID' },
      { field: 'input.at', reason: 'must not be in the future' },
      { field: 'input.dob', reason: 'must not be before 1900-01-01' },
      { field: 'input.tags', reason: 'must hold at most 2 items' },
      { field: 'input.lines[1]', reason: 'must be at most 4 characters' },
    ]);
    expect(e.field).toBe('input.name');
    expect(e.message).not.toContain('nope');
  });

  it('allows the one clock skew and refuses dates of birth in the future', () => {
    expect(problemsOf(() => parseInput(schema, { ...good, at: new Date(now.getTime() + CLOCK_SKEW_MS) }))).toEqual([]);
    expect(problemsOf(() => parseInput(schema, { ...good, dob: '2026-06-02' }))).toEqual([{ field: 'input.dob', reason: 'must not be in the future' }]);
    expect(problemsOf(() => parseInput(schema, { ...good, dob: '2026-06-01' }))).toEqual([]);
  });

  it('accepts configured agencies only, normalised', () => {
    const config = loadConfig({ HUB_ENV: 'test', POLICE_AGENCIES: 'NC0410200,NC0410300' });
    expect(parseInput(agency(config, ['police']), ' nc0410300 ')).toBe('NC0410300');
    expect(problemsOf(() => parseInput(agency(config, ['police']), 'ADV-FSP-01', 'input.agency'))).toEqual([
      { field: 'input.agency', reason: 'is not a police agency of the partnership' },
    ]);
    expect(problemsOf(() => parseInput(agency(config), 'NC0999999', 'filter.agency'))).toEqual([
      { field: 'filter.agency', reason: 'is not an agency of the partnership' },
    ]);
  });

  it('collects rules across fields with the schema problems', () => {
    const p = new Problems();
    p.parse(schema, { ...good, name: '' });
    p.check(false, 'expiresAt', 'must be after signedAt');
    expect(p.all).toEqual([
      { field: 'input.name', reason: 'must not be empty' },
      { field: 'input.expiresAt', reason: 'must be after signedAt' },
    ]);
  });

  it('takes a blank optional text as absent, and holds given text to the text rules', () => {
    const s = z.object({ org: textOrBlank(5) });
    expect(parseInput(s, { org: '  ' })).toEqual({ org: null });
    expect(parseInput(s, {})).toEqual({ org: null });
    expect(parseInput(s, { org: ' ab ' })).toEqual({ org: 'ab' });
    expect(problemsOf(() => parseInput(s, { org: 'abcdef' }))).toEqual([{ field: 'input.org', reason: 'must be at most 5 characters' }]);
  });

  it('names a closed list and its closest value, never the value given', () => {
    const s = z.object({ kinds: z.array(closedList('Kind', ['LETTER', 'CALL_IN'])) });
    expect(parseInput(s, { kinds: ['CALL_IN'] })).toEqual({ kinds: ['CALL_IN'] });
    expect(problemsOf(() => parseInput(s, { kinds: ['LETTR', 'zzzzzzzz'] }))).toEqual([
      { field: 'input.kinds[0]', reason: 'must be one of the values of Kind (LETTER, CALL_IN); the closest is LETTER' },
      { field: 'input.kinds[1]', reason: 'must be one of the values of Kind (LETTER, CALL_IN)' },
    ]);
  });
});
