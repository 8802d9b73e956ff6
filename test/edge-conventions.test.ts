/**
 * The API convention check (issue 10.3) on the composed supergraph: every finding is listed in the
 * script's ALLOWED with its reason; a new one, or an allowed one that is gone, fails.
 */
import fs from 'node:fs';
import { buildSchema } from 'graphql';
import { ALLOWED, SUPERGRAPH, checkConventions, compareWithAllowed, keyOf, report, schemaFindings } from '../scripts/check-conventions';

describe('the convention check', () => {
  it('finds nothing on the composed schema beyond its ALLOWED list, and nothing stale in that list', () => {
    const findings = checkConventions(fs.readFileSync(SUPERGRAPH, 'utf8'));
    console.log(report(findings));
    const { fresh, stale } = compareWithAllowed(findings);
    expect(fresh.map(keyOf)).toEqual([]);
    expect(stale).toEqual([]);
    expect(Object.values(ALLOWED).every((reason) => reason.length > 0)).toBe(true);
  });

  it('catches each kind of break, and passes the conventional shapes', () => {
    const schema = buildSchema(`
      scalar DateTime
      enum Outcome { DELIVERED REFUSED }
      type PageInfo { hasNextPage: Boolean! endCursor: String }
      type FullPageInfo { hasNextPage: Boolean! endCursor: String hasPreviousPage: Boolean! startCursor: String }
      type Thing { id: ID! outcome: Outcome orderType: String! }
      type ThingConnection { pageInfo: PageInfo! totalCount: Int! }
      type GoodConnection { pageInfo: FullPageInfo! totalCount: Int! }
      input ThingFilter { from: DateTime }
      input ThingInput { occurredAt: String!, when: DateTime, outcome: Outcome }
      type ThingPayload { thing: Thing }
      type RecordThingPayload { thing: Thing }
      type Query {
        things(first: Int, after: String, search: String): ThingConnection!
        goods(first: Int, after: String, filter: ThingFilter): GoodConnection!
      }
      type Mutation {
        recordThing(input: ThingInput!): RecordThingPayload!
        openThing(input: ThingInput!): ThingPayload!
        closeThing(input: ThingInput!): ThingPayload!
      }
    `);
    expect(schemaFindings(schema).map(keyOf)).toEqual([
      'closed-list-string Thing.orderType',
      'date-string-input ThingInput.occurredAt',
      'list-without-filter Query.things',
      'page-info PageInfo',
      'shared-payload Mutation.closeThing',
      'shared-payload Mutation.openThing',
    ]);
    const fresh = compareWithAllowed(schemaFindings(schema), { 'page-info PageInfo': 'reason', 'page-info Gone': 'reason' });
    expect(fresh.fresh).toHaveLength(5);
    expect(fresh.stale).toEqual(['page-info Gone']);
  });
});
