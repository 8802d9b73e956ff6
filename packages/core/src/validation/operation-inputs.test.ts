import { buildSchema, parse, type OperationDefinitionNode } from 'graphql';
import { operationInputProblems, operationResolutionProblem } from './operation-inputs';

const schema = buildSchema(`
  scalar DateTime
  scalar JSON
  enum Tier { D C B A }
  input PersonInput { id: ID name: String! born: DateTime tiers: [Tier!] }
  input Filter { person: PersonInput, limit: Int = 5 }
  type Thing { id: ID! }
  type ThingConnection { totalCount: Int! }
  type Query {
    things(first: Int, after: String, filter: Filter): ThingConnection!
    thing(id: ID!): Thing
    rules(doc: JSON): Int
  }
`);

function problems(doc: string, variables?: Record<string, unknown>) {
  const document = parse(doc);
  return operationInputProblems(schema, document, document.definitions[0] as OperationDefinitionNode, variables);
}

describe('operationInputProblems', () => {
  it('finds every problem of a literal, with its path', () => {
    expect(problems(`{ things(first: 500, filter: { person: { id: "7", born: "2026-02-30T00:00:00Z", tiers: [A, E] } }) { totalCount } }`)).toEqual([
      { field: 'first', reason: 'must be between 0 and 100' },
      { field: 'filter.person.id', reason: 'must be a UUID' },
      { field: 'filter.person.name', reason: 'is required' },
      { field: 'filter.person.born', reason: 'must be an ISO-8601 date and time with a zone, e.g. 2026-01-31T22:15:00Z' },
      { field: 'filter.person.tiers[1]', reason: 'must be one of the values of Tier (D, C, B, A); the closest is A' },
    ]);
  });

  it('answers the same for the same values as variables', () => {
    const doc = `query($f: Filter, $n: Int) { things(first: $n, filter: $f) { totalCount } }`;
    expect(problems(doc, { n: 500, f: { person: { id: '7', born: '2026-02-30T00:00:00Z', tiers: ['A', 'E'] } } })).toEqual(
      problems(`{ things(first: 500, filter: { person: { id: "7", born: "2026-02-30T00:00:00Z", tiers: [A, E] } }) { totalCount } }`),
    );
  });

  it('gives the closest enum value when there is one', () => {
    expect(problems(`query($f: Filter) { things(filter: $f) { totalCount } }`, { f: { person: { name: 'x', tiers: ['AA'] } } })).toEqual([
      { field: 'filter.person.tiers[0]', reason: 'must be one of the values of Tier (D, C, B, A); the closest is A' },
    ]);
  });

  it('refuses NUL characters in strings and inside JSON', () => {
    expect(problems(`query($d: JSON, $a: String) { rules(doc: $d) things(after: $a) { totalCount } }`, { d: { k: ['x\u0000'] }, a: 'a\u0000' })).toEqual([
      { field: 'doc', reason: 'must not contain a NUL character' },
      { field: 'after', reason: 'must not contain a NUL character' },
    ]);
  });

  it('names a missing required variable by its argument, and leaves a missing optional one out', () => {
    expect(problems(`query($id: ID!) { thing(id: $id) { id } }`, {})).toEqual([{ field: 'id', reason: 'is required' }]);
    expect(problems(`query($f: Filter) { things(filter: $f) { totalCount } }`, {})).toEqual([]);
  });

  it('never puts a value in a reason', () => {
    const found = problems(`query($f: Filter) { things(filter: $f) { totalCount } }`, { f: { person: { name: 42, id: 'Jane Doe' }, 'Jane Doe': 1 } });
    expect(JSON.stringify(found)).not.toContain('Jane');
    expect(found).toContainEqual({ field: 'filter', reason: 'names a field that Filter does not have' });
  });
});

describe('operationResolutionProblem', () => {
  it('explains an operationName that is not in the document and several anonymous operations', () => {
    expect(operationResolutionProblem(parse('query A { thing(id: "x") { id } }'), 'B')).toBe('The operationName does not name an operation of the document.');
    expect(operationResolutionProblem(parse('query A { rules } query B { rules }'), undefined)).toBe(
      'The document holds several operations: name the one to run in operationName.',
    );
    expect(operationResolutionProblem(parse('query A { rules }'), undefined)).toBeUndefined();
  });
});
