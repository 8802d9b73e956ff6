import { buildSchema, parse, validate, type OperationDefinitionNode } from 'graphql';
import { DEFAULT_LIMITS } from './config';
import { LIST_FACTOR, memoisedOperationCost, operationCost } from './cost';
import { mayExceed } from './plugin';
import { SubjectRateLimiter } from './rate';
import { MAX_EXPANDED, shapeLimitRule } from './shape';

const schema = buildSchema(`
  type PageInfo { hasNextPage: Boolean! endCursor: String }
  type Offender { id: ID! name: String incidents(first: Int, after: String): IncidentConnection! aliases: [Alias!]! }
  type Alias { name: String }
  type Incident { id: ID! offenders: [Offender!]! }
  type IncidentEdge { cursor: String! node: Incident! }
  type IncidentConnection { edges: [IncidentEdge!]! pageInfo: PageInfo! totalCount: Int! }
  type OffenderEdge { cursor: String! node: Offender! }
  type OffenderConnection { edges: [OffenderEdge!]! pageInfo: PageInfo! totalCount: Int! }
  type Query { offenders(first: Int, after: String): OffenderConnection! }
`);

const cost = (doc: string, vars: Record<string, unknown> = {}) => {
  const d = parse(doc);
  return operationCost(schema, d, d.definitions.find((x) => x.kind === 'OperationDefinition') as OperationDefinitionNode, vars);
};

describe('the cost model', () => {
  it('multiplies what is under a connection by its page size: the literal, the variable or the default 20', () => {
    // offenders 1, then edges, node, id, name once per item of the page
    expect(cost('{ offenders(first: 5) { edges { node { id name } } } }')).toBe(1 + 5 * 4);
    expect(cost('query($n: Int) { offenders(first: $n) { edges { node { id name } } } }', { n: 50 })).toBe(1 + 50 * 4);
    expect(cost('{ offenders { edges { node { id } } } }')).toBe(1 + 20 * 3);
    expect(cost('{ offenders(first: 5000) { edges { node { id } } } }')).toBe(1 + 100 * 3);
  });

  it('multiplies a plain object list by the list factor, and nests', () => {
    expect(cost('{ offenders(first: 10) { edges { node { aliases { name } } } } }')).toBe(1 + 10 * 3 + 10 * LIST_FACTOR);
    const deep = cost('{ offenders(first: 100) { edges { node { incidents(first: 100) { edges { node { offenders { id } } } } } } } }');
    expect(deep).toBeGreaterThan(DEFAULT_LIMITS.maxCost);
  });

  it('counts fragments where they are spread', () => {
    expect(cost('{ offenders(first: 5) { edges { node { ...F } } } } fragment F on Offender { id name }')).toBe(
      cost('{ offenders(first: 5) { edges { node { id name } } } }'),
    );
  });
});

describe('the shape rule', () => {
  const errors = (doc: string) => validate(schema, parse(doc), [shapeLimitRule(DEFAULT_LIMITS)]).map((e) => e.extensions.limit);

  it('sees depth hidden in fragments', () => {
    let frags = 'fragment F0 on Offender { id }';
    for (let i = 1; i <= 6; i++) frags += ` fragment F${i} on Offender { incidents { edges { node { offenders { ...F${i - 1} } } } } }`;
    expect(errors(`{ offenders { edges { node { ...F6 } } } } ${frags}`)).toEqual(['depth']);
  });

  it('stops a fragment that multiplies itself', () => {
    let frags = 'fragment F0 on Offender { id }';
    for (let i = 1; i <= 20; i++) frags += ` fragment F${i} on Offender { ...F${i - 1} ...F${i - 1} }`;
    expect(2 ** 20).toBeGreaterThan(MAX_EXPANDED);
    expect(errors(`{ offenders { edges { node { ...F20 } } } } ${frags}`)).toEqual(['cost']);
  });

  it('counts aliases and directives', () => {
    const many = (n: number, s: string) => Array.from({ length: n }, (_, i) => s.replace('#', String(i))).join(' ');
    expect(errors(`{ ${many(DEFAULT_LIMITS.maxAliases, 'a#: __typename')} }`)).toEqual([]);
    expect(errors(`{ ${many(DEFAULT_LIMITS.maxAliases + 1, 'a#: __typename')} }`)).toEqual(['aliases']);
    expect(errors(`{ ${many(DEFAULT_LIMITS.maxDirectives + 1, '__typename @skip(if: false)')} }`)).toEqual(['directives']);
  });
});

describe('the rate limiter', () => {
  it('allows a burst, then refills at its rate, per subject', () => {
    let now = 0;
    const rate = new SubjectRateLimiter(() => now);
    const bucket = { burst: 2, perSecond: 1 };
    expect([rate.take('a', bucket), rate.take('a', bucket), rate.take('a', bucket)]).toEqual([true, true, false]);
    expect(rate.take('b', bucket)).toBe(true);
    now += 1000;
    expect([rate.take('a', bucket), rate.take('a', bucket)]).toEqual([true, false]);
  });
});

describe('the remembered cost', () => {
  it('agrees with the cost for every page size it is asked with', () => {
    const remembered = memoisedOperationCost();
    const d = parse('query($n: Int, $m: Int) { offenders(first: $n) { edges { node { incidents(first: $m) { edges { node { id } } } } } } }');
    const op = d.definitions[0] as OperationDefinitionNode;
    for (const vars of [{ n: 5, m: 2 }, { n: 50, m: 2 }, { n: 5, m: 2 }, { n: 100, m: 100 }, {}, { n: '7' }])
      expect(remembered(schema, d, op, vars)).toBe(operationCost(schema, d, op, vars));
  });
});

describe('the answer size bound', () => {
  it('never says a text fits when it does not', () => {
    const values: unknown[] = [
      { data: { a: 'x'.repeat(100), b: [1, 2.5e300, null, true, { c: '\u0000\n"' }] } },
      { data: Object.assign(Object.create(null) as object, { é: 'ü'.repeat(40), list: Array.from({ length: 30 }, (_, i) => ({ i, s: '\u0001' })) }) },
    ];
    for (const v of values) {
      const bytes = Buffer.byteLength(JSON.stringify(v));
      expect(mayExceed(v, bytes - 1)).toBe(true);
      expect(mayExceed(v, bytes * 7)).toBe(false);
    }
  });
});
