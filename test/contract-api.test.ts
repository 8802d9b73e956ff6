/**
 * Issue 10 through the gateway: the service feeds exist only for the service principals (the partners'
 * schema has no trace of them), full Relay PageInfo with an exact hasPreviousPage on every list kind
 * (root list with a filter, a child list, victim-services' lists, a feed), incidents' relationship
 * codes as an enum, and Offender.incidents' filter.
 */
import { DEMO_POLICE_ORI, type Role } from '@ipvi/core';
import { DRAINED_HUB_TIMEOUT_MS, codes, ok, startTestHub, type GraphQLResponse, type TestHub } from './harness/hub';

let t: TestHub;
beforeAll(async () => {
  // The demo feeds applied once per run, in the template (victim-services' referrals come from the incident feed).
  t = await startTestHub({ seed: true, drained: 'all' });
}, DRAINED_HUB_TIMEOUT_MS);
afterAll(() => t.stop());

interface PageInfo {
  hasNextPage: boolean;
  hasPreviousPage: boolean;
  startCursor: string | null;
  endCursor: string | null;
}
interface Page<N> {
  edges: { cursor: string; node: N }[];
  pageInfo: PageInfo;
  totalCount: number;
}
const PAGE_INFO = 'pageInfo { hasNextPage hasPreviousPage startCursor endCursor } totalCount';

const asService = async <T>(role: Role, query: string, variables?: Record<string, unknown>): Promise<GraphQLResponse<T>> =>
  t.post<T>(t.url, { query, variables }, { authorization: `Bearer ${await t.token(role, { agency: 'IPVI-HUB' })}` });

describe("the service feeds: the services' graph only", () => {
  const FEEDS: [string, Role][] = [
    ['incidentEvents', 'OFFICER'],
    ['personLinkEvents', 'COORDINATOR'],
    ['clearanceEvents', 'ADVOCATE'],
    ['incidentEvents', 'AUDITOR'],
  ];

  it.each(FEEDS)("%s does not exist for a partner's token (%s): a validation error, nothing of the feed", async (feed, role) => {
    const res = await t.query(role, `{ ${feed}(first: 1) { totalCount edges { node { id } } } }`);
    expect(res.data ?? null).toBeNull();
    expect(codes(res)).toEqual(['GRAPHQL_VALIDATION_FAILED']);
    expect(res.errors![0]!.message).toBe(`Cannot query field "${feed}" on type "Query".`);
    // No suggestion of a neighbouring name, no event type, no event id.
    expect(res.text).not.toMatch(/Did you mean|Event(Connection|Edge|Type)?\b/);
  });

  it("names nothing of the feeds when a partner asks for the schema (introspection is off outside development; the partners' API schema itself is checked in test/supergraph.test.ts)", async () => {
    const res = await t.query('OFFICER', '{ __schema { queryType { fields { name } } types { name } } __type(name: "IncidentEvent") { name } }');
    expect(res.errors?.length).toBeGreaterThan(0);
    expect(res.text).not.toMatch(/incidentEvents|IncidentEvent|clearanceEvents|ClearanceEvent|personLinkEvents|PersonLinkEvent/);
  });

  it('still serves the feeds to the service principals, with full page info', async () => {
    const first = await asService<{ incidentEvents: Page<{ id: string }> }>(
      'SERVICE_TIERING',
      `{ incidentEvents(first: 2) { edges { cursor node { id } } ${PAGE_INFO} } }`,
    );
    const p1 = ok(first).incidentEvents;
    expect(p1.edges).toHaveLength(2);
    expect(p1.pageInfo).toEqual({ hasNextPage: true, hasPreviousPage: false, startCursor: p1.edges[0]!.cursor, endCursor: p1.edges[1]!.cursor });
    const next = await asService<{ incidentEvents: Page<{ id: string }> }>(
      'SERVICE_TIERING',
      `query($a: String) { incidentEvents(first: 2, after: $a) { edges { cursor node { id } } ${PAGE_INFO} } }`,
      { a: p1.pageInfo.endCursor },
    );
    const p2 = ok(next).incidentEvents;
    expect(p2.pageInfo.hasPreviousPage).toBe(true);
    expect(p2.pageInfo.startCursor).toBe(p2.edges[0]!.cursor);
    expect(p2.edges.map((e) => e.node.id)).not.toContain(p1.edges[0]!.node.id);
    const clearances = await asService<{ clearanceEvents: Page<{ id: string }> }>('SERVICE_TIERING', `{ clearanceEvents(first: 1) { ${PAGE_INFO} } }`);
    expect(ok(clearances).clearanceEvents.pageInfo.hasPreviousPage).toBe(false);
  });
});

interface IncidentNode {
  id: string;
  occurredAt: string;
  relationshipCode: string | null;
}
const INCIDENTS = `query($first: Int, $after: String, $filter: IncidentFilter) {
  incidents(first: $first, after: $after, filter: $filter) { edges { cursor node { id occurredAt relationshipCode } } ${PAGE_INFO} }
}`;
const incidents = async (vars: Record<string, unknown>) => ok(await t.query<{ incidents: Page<IncidentNode> }>('OFFICER', INCIDENTS, vars)).incidents;

describe('Relay page info', () => {
  it('pages Query.incidents forward: startCursor/endCursor are the page ends; hasPreviousPage only after a cursor with something before it', async () => {
    const six = await incidents({ first: 6 });
    const p1 = await incidents({ first: 3 });
    expect(p1.pageInfo).toEqual({ hasNextPage: true, hasPreviousPage: false, startCursor: p1.edges[0]!.cursor, endCursor: p1.edges[2]!.cursor });
    const p2 = await incidents({ first: 3, after: p1.pageInfo.endCursor });
    expect(p2.pageInfo.hasPreviousPage).toBe(true);
    expect(p2.pageInfo.startCursor).toBe(p2.edges[0]!.cursor);
    expect([...p1.edges, ...p2.edges].map((e) => e.node.id)).toEqual(six.edges.map((e) => e.node.id));
    expect(p2.totalCount).toBe(p1.totalCount);
  });

  it('is exact under a filter: after a cursor that nothing of the filtered list precedes, hasPreviousPage is false', async () => {
    const [newest] = (await incidents({ first: 1 })).edges;
    // Only incidents older than the newest: every one of them sorts after its cursor.
    const older = await incidents({ first: 2, after: newest!.cursor, filter: { to: newest!.node.occurredAt } });
    expect(older.edges.length).toBeGreaterThan(0);
    expect(older.pageInfo.hasPreviousPage).toBe(false);
    // From the newest's instant on: the newest itself matches and precedes the page.
    const since = await incidents({ first: 2, after: newest!.cursor, filter: { from: newest!.node.occurredAt } });
    expect(since.pageInfo.hasPreviousPage).toBe(true);
  });

  it('answers an empty page past the end with no cursors and a previous page', async () => {
    const [newest] = (await incidents({ first: 1 })).edges;
    const filter = { from: newest!.node.occurredAt };
    const all = await incidents({ first: 100, filter });
    expect(all.edges.length).toBeGreaterThan(0);
    expect(all.edges.length).toBeLessThan(100);
    const past = await incidents({ first: 5, after: all.edges.at(-1)!.cursor, filter });
    expect(past.edges).toEqual([]);
    expect(past.pageInfo).toEqual({ hasNextPage: false, hasPreviousPage: true, startCursor: null, endCursor: null });
  });

  it("pages victim-services' referrals the same way", async () => {
    expect(await t.drainFeeds()).toBe(0); // the referrals are there
    const q = `query($after: String) { referrals(first: 2, after: $after) { edges { cursor node { id } } ${PAGE_INFO} } }`;
    const p1 = ok(await t.query<{ referrals: Page<{ id: string }> }>('ADVOCATE', q)).referrals;
    expect(p1.pageInfo).toEqual({ hasNextPage: true, hasPreviousPage: false, startCursor: p1.edges[0]!.cursor, endCursor: p1.edges[1]!.cursor });
    const p2 = ok(await t.query<{ referrals: Page<{ id: string }> }>('ADVOCATE', q, { after: p1.pageInfo.endCursor })).referrals;
    expect(p2.pageInfo.hasPreviousPage).toBe(true);
    expect(p2.pageInfo.startCursor).toBe(p2.edges[0]!.cursor);
  });
});

describe('Offender.incidents: paged with page info, and a filter', () => {
  let offenderId: string;
  beforeAll(async () => {
    const [row] = await t.sql<{ offender_id: string }>(
      'incidents',
      `SELECT io.offender_id FROM incident_offender io JOIN incident i ON i.id = io.incident_id
       GROUP BY io.offender_id HAVING count(*) >= 3 AND bool_and(i.agency_ori = $1) ORDER BY io.offender_id LIMIT 1`,
      [DEMO_POLICE_ORI],
    );
    offenderId = row!.offender_id;
  });
  const Q = `query($id: ID!, $first: Int, $after: String, $filter: IncidentFilter) {
    offender(id: $id) { incidents(first: $first, after: $after, filter: $filter) { edges { cursor node { id occurredAt } } ${PAGE_INFO} } }
  }`;
  const page = async (vars: Record<string, unknown>) =>
    ok(await t.query<{ offender: { incidents: Page<IncidentNode> } }>('DV_DETECTIVE', Q, { id: offenderId, ...vars })).offender.incidents;

  it('pages with exact hasPreviousPage', async () => {
    const all = await page({ first: 100 });
    expect(all.totalCount).toBeGreaterThanOrEqual(3);
    const p1 = await page({ first: 1 });
    expect(p1.pageInfo).toEqual({ hasNextPage: true, hasPreviousPage: false, startCursor: p1.edges[0]!.cursor, endCursor: p1.edges[0]!.cursor });
    const p2 = await page({ first: 1, after: p1.pageInfo.endCursor });
    expect(p2.pageInfo.hasPreviousPage).toBe(true);
    expect(p2.edges[0]!.node.id).toBe(all.edges[1]!.node.id);
    const past = await page({ first: 1, after: all.edges.at(-1)!.cursor });
    expect(past.edges).toEqual([]);
    expect(past.pageInfo.hasPreviousPage).toBe(true);
    expect(past.totalCount).toBe(all.totalCount);
  });

  it('filters like Query.incidents', async () => {
    const all = await page({ first: 100 });
    const newest = all.edges[0]!.node;
    const older = await page({ first: 100, filter: { to: newest.occurredAt } });
    expect(older.edges.map((e) => e.node.id)).not.toContain(newest.id);
    expect(older.totalCount).toBe(all.edges.filter((e) => e.node.occurredAt < newest.occurredAt).length);
    const own = await page({ first: 100, filter: { agencyOri: DEMO_POLICE_ORI.toLowerCase() } });
    expect(own.totalCount).toBe(all.totalCount);
  });

  it('refuses an agency outside the partnership by naming the field, never echoing it', async () => {
    const res = await t.query('DV_DETECTIVE', Q, { id: offenderId, first: 1, filter: { agencyOri: 'XX-NOT-A-PARTNER' } });
    expect(codes(res)).toContain('BAD_USER_INPUT');
    expect(res.errors!.find((e) => e.extensions?.code === 'BAD_USER_INPUT')!.extensions!.field).toBe('filter.agencyOri');
    expect(res.text).not.toContain('XX-NOT-A-PARTNER');
  });
});

describe('relationship codes: the enum RelationshipCode', () => {
  it('answers the same codes as before, from the enum', async () => {
    const page = await incidents({ first: 50 });
    const coded = page.edges.map((e) => e.node.relationshipCode).filter((c): c is string => c !== null);
    expect(coded.length).toBeGreaterThan(0);
    for (const c of coded) expect(c).toMatch(/^[A-Z]{2}$/);
  });

  it('refuses a code outside the list in an input, before anything is recorded', async () => {
    const doc = `mutation($input: RecordIncidentInput!) { recordIncident(input: $input) { created } }`;
    const input = {
      agencyOri: DEMO_POLICE_ORI,
      rmsNumber: 'CONTRACT-ENUM-1',
      occurredAt: '2026-11-01T10:00:00Z',
      offenses: ['13B'],
      relationshipCode: 'BX',
      arrestMade: false,
      offender: { name: 'Enum Test', dateOfBirth: '1990-01-01' },
    };
    const res = await t.query('OFFICER', doc, { input });
    expect(res.data ?? null).toBeNull();
    expect(codes(res)).toEqual(['BAD_USER_INPUT']);
    expect(res.errors![0]!.message).toContain('relationshipCode');
    const [n] = await t.sql<{ n: number }>('incidents', "SELECT count(*)::int AS n FROM incident WHERE rms_number = 'CONTRACT-ENUM-1'");
    expect(n!.n).toBe(0);
    const good = await t.query<{ recordIncident: { created: boolean } }>('OFFICER', doc, { input: { ...input, relationshipCode: 'BG' } });
    expect(ok(good).recordIncident.created).toBe(true);
  });
});
