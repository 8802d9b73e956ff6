import { randomUUID } from 'node:crypto';
import { INTERNAL_IDENTITY_HEADER, internalSignerFor, type Role } from '@ipvi/core';
import { CANARY, VALUES, insertCanaries } from './authz/canary';
import { startTestHub, type GraphQLResponse, type TestHub } from './harness/hub';

let t: TestHub;
beforeAll(async () => {
  t = await startTestHub();
  await insertCanaries(t);
});
afterAll(() => t.stop());

async function asRole<T = Record<string, unknown>>(role: Role, query: string, variables: Record<string, unknown> = {}): Promise<GraphQLResponse<T> & { requestId: string }> {
  const requestId = `req-${randomUUID()}`;
  const res = await t.post<T>(t.url, { query, variables }, { authorization: `Bearer ${await t.token(role)}`, 'x-request-id': requestId });
  return { ...res, requestId };
}

type Trail = Record<string, { edges: { node: { fieldPath: string; outcome: string; entityIds: string[]; role: string } }[] }>;
async function trail(field: string, requestId: string) {
  const res = await asRole<Trail>('AUDITOR', `query($r: String) { ${field}(filter: { requestId: $r }) { edges { node { fieldPath outcome entityIds role } } } }`, { r: requestId });
  return res.data![field]!.edges.map((e) => e.node);
}

/** The error as the contract wants it: code and request id, nothing from the subgraph (serviceName, stack, ...). */
function expectForbiddenAt(res: GraphQLResponse & { requestId: string }, path: (string | number)[]) {
  expect(res.errors).toHaveLength(1);
  const [e] = res.errors!;
  expect(e!.path).toEqual(path);
  expect(e!.extensions).toEqual({ code: 'FORBIDDEN', requestId: res.requestId });
  expect(Object.keys(e!).every((k) => ['message', 'path', 'locations', 'extensions'].includes(k))).toBe(true);
}

describe('the issue: done when', () => {
  it.each([
    ['ADVOCATE', 'narrative', 'narrative', 'Incident.narrative', 'incidentsAuditEvents'],
    ['OFFICER', 'outreach', 'outreach { referralState referredAt }', 'OutreachSummary.referredAt', 'victimServicesAuditEvents'],
  ] as const)('an %s asking for Incident.%s gets null, FORBIDDEN and an audit record of the denial', async (role, field, selection, canary, trailField) => {
    const res = await asRole(role, `query($id: ID!) { incident(id: $id) { rmsNumber ${selection} } }`, { id: CANARY.incident });
    expect(res.data).toEqual({ incident: { rmsNumber: VALUES['Incident.rmsNumber'], [field]: null } });
    expectForbiddenAt(res, ['incident', field]);
    expect(res.text).not.toContain(String(VALUES[canary]));
    expect(await trail(trailField, res.requestId)).toContainEqual({ fieldPath: `Incident.${field}`, outcome: 'DENIED', entityIds: [CANARY.incident], role });
  });
});

describe('rows outside the row scope', () => {
  const missing = randomUUID();
  const strip = (r: GraphQLResponse) => ({ status: r.status, data: r.data, errors: r.errors });

  it.each([
    ['incident', 'query($id: ID!) { incident(id: $id) { id rmsNumber } }', CANARY.otherIncident],
    ['offender', 'query($id: ID!) { offender(id: $id) { id name } }', CANARY.otherOffender],
  ])("look exactly like missing ones through the gateway (%s of another agency)", async (_n, query, otherAgencyId) => {
    for (const role of ['OFFICER', 'PROSECUTOR', 'ADVOCATE'] as const) {
      const other = await asRole(role, query, { id: otherAgencyId });
      expect(strip(other)).toEqual(strip(await asRole(role, query, { id: missing })));
      expect(other.errors).toBeUndefined();
    }
  });

  it('look exactly like missing ones in _entities on the owning subgraph, and are not counted', async () => {
    const identity = await (await internalSignerFor(t.config)).tokenFor({ sub: 'x', roles: ['OFFICER'], agency: 'NC0410200', scope: [] }, 'incidents');
    const probe = (id: string) =>
      t.post(t.hub.services.incidents.server.url, { query: 'query($r: [_Any!]!) { _entities(representations: $r) { ... on Incident { id narrative } } }', variables: { r: [{ __typename: 'Incident', id }] } }, { [INTERNAL_IDENTITY_HEADER]: identity });
    expect(strip(await probe(CANARY.otherIncident))).toEqual(strip(await probe(missing)));
    expect((await probe(CANARY.incident)).data).toEqual({ _entities: [{ id: CANARY.incident, narrative: VALUES['Incident.narrative'] }] });
    const list = await asRole<{ incidents: { totalCount: number } }>('OFFICER', '{ incidents { totalCount } }');
    expect(list.data!.incidents.totalCount).toBe(1);
  });
});

describe('errors from a subgraph', () => {
  it('are masked at the gateway: a generic message and the request id, nothing about the subgraph', async () => {
    await t.hub.services['victim-services'].server.close();
    const res = await asRole('ADVOCATE', 'query($id: ID!) { incident(id: $id) { rmsNumber outreach { referralState } } }', { id: CANARY.incident });
    expect(res.data).toEqual({ incident: { rmsNumber: VALUES['Incident.rmsNumber'], outreach: null } });
    expect(res.errors!.length).toBeGreaterThan(0);
    for (const e of res.errors!) expect(e).toMatchObject({ message: 'Internal server error.', extensions: { code: 'INTERNAL_SERVER_ERROR', requestId: res.requestId } });
    expect(res.text).not.toMatch(/victim.services|VICTIM_SERVICES|127\.0\.0\.1|ECONNREFUSED|stack/i);
  });
});
