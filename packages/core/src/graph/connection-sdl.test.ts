import { buildASTSchema, parse, type GraphQLObjectType } from 'graphql';
import { CLASSIFICATION_SDL } from '../policy/classification';
import { connectionSdl, withConnections } from './connection-sdl';

const base = `directive @shareable on OBJECT\n${CLASSIFICATION_SDL}`;

describe('connection SDL', () => {
  it('emits a Connection and an Edge per node type, and PageInfo once', () => {
    const sdl = connectionSdl(['Referral', 'Client'], { pageInfo: true });
    const schema = buildASTSchema(parse(`${base}\ntype Referral { id: ID! }\ntype Client { id: ID! }\n${sdl}`));
    expect(Object.keys((schema.getType('ReferralConnection') as GraphQLObjectType).getFields())).toEqual(['edges', 'pageInfo', 'totalCount']);
    expect(String(schema.getQueryType())).toBe('undefined');
    expect(sdl.match(/type PageInfo/g)).toHaveLength(1);
  });

  it('adds only the connections a subgraph uses and does not define', () => {
    const own = `type Query { a(first: Int): AConnection! b: BConnection! }\ntype A { id: ID! }\ntype B { id: ID! }
type BConnection { edges: [BEdge!]! }\ntype BEdge { node: B! }\ntype PageInfo { hasNextPage: Boolean! }`;
    const out = withConnections(own);
    expect(out).toContain('type AConnection');
    expect(out).not.toMatch(/type BConnection[\s\S]*type BConnection/);
    expect(out.match(/type PageInfo/g)).toHaveLength(1);
    // A hand-written PageInfo is replaced by the full one.
    expect(out).toContain('hasPreviousPage: Boolean!');
    expect(out).toContain('startCursor: String');
    expect(withConnections('type Query { a: Int }')).toBe('type Query { a: Int }');
  });
});
