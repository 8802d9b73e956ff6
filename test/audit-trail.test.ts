import { randomUUID } from 'node:crypto';
import { SERVICE_NAMES, auditQueryField, type Role } from '@ipvi/core';
import { codes, ok, startTestHub, type GraphQLResponse, type TestHub } from './harness/hub';
import { incidentInput, RECORD } from './fixtures/incidents';

let t: TestHub;
beforeAll(async () => {
  t = await startTestHub();
});
afterAll(() => t.stop());

interface Event {
  id: string;
  requestId: string;
  subject: string;
  role: string;
  agency: string;
  operation: string | null;
  action: string;
  fieldPath: string;
  entityIds: string[];
  outcome: string;
  hash: string;
}
type Trail = Record<
  string,
  { totalCount: number; pageInfo: { hasNextPage: boolean; endCursor: string | null }; edges: { cursor: string; node: Event }[] } | null
>;

const trailDoc = (field: string) => `query Trail($first: Int, $after: String, $filter: AuditFilter) {
  ${field}(first: $first, after: $after, filter: $filter) {
    totalCount pageInfo { hasNextPage endCursor }
    edges { cursor node { id at requestId subject role agency operation action fieldPath entityIds outcome consentId hash } }
  }
}`;

/** Queries the gateway as a role under a request id of our choosing. */
/** Sends as a role; the request is named by the id the gateway answers with (a client's x-request-id is only a correlation field). */
async function asRole<T = Trail>(role: Role, query: string, variables: Record<string, unknown> = {}): Promise<GraphQLResponse<T> & { requestId: string }> {
  const clientId = `req-${randomUUID()}`;
  const res = await t.post<T>(t.url, { query, variables }, { authorization: `Bearer ${await t.token(role)}`, 'x-request-id': clientId });
  if (!res.requestId || res.requestId === clientId) throw new Error('the gateway must answer with a request id of its own');
  return { ...res, requestId: res.requestId };
}

describe.each(SERVICE_NAMES)('the %s audit trail', (service) => {
  const field = auditQueryField(service);

  it('is denied to every role but AUDITOR, with the denial recorded in it', async () => {
    const denied = await asRole('OFFICER', trailDoc(field));
    expect(denied.data).toBeNull();
    expect(codes(denied)).toEqual(['FORBIDDEN']);
    expect(denied.errors![0]!.path).toEqual([field]);
    expect(denied.errors![0]!.extensions).toEqual({ code: 'FORBIDDEN', requestId: denied.requestId });

    const trail = await asRole('AUDITOR', trailDoc(field), { filter: { requestId: denied.requestId } });
    expect(trail.errors).toBeUndefined();
    const events = trail.data![field]!.edges.map((e) => e.node);
    expect(events).toEqual([
      expect.objectContaining({
        requestId: denied.requestId,
        subject: 'demo-officer',
        role: 'OFFICER',
        agency: 'NC0410200',
        operation: 'Trail',
        action: 'READ',
        fieldPath: `Query.${field}`,
        outcome: 'DENIED',
      }),
    ]);
    expect(events[0]!.hash).toMatch(/^[0-9a-f]{64}$/);
  });

  it("records the auditor's own reads, naming the events read", async () => {
    const first = await asRole('AUDITOR', trailDoc(field), { first: 3 });
    const readIds = first.data![field]!.edges.map((e) => e.node.id);
    expect(readIds.length).toBeGreaterThan(0);
    const second = await asRole('AUDITOR', trailDoc(field), { filter: { requestId: first.requestId } });
    const events = second.data![field]!.edges.map((e) => e.node);
    expect(events.find((e) => e.fieldPath === `Query.${field}`)).toMatchObject({ outcome: 'ALLOWED', subject: 'demo-auditor', role: 'AUDITOR' });
    expect(events.find((e) => e.fieldPath === 'AuditEvent.hash')!.entityIds).toEqual([...readIds].sort());
  });

  it('pages newest first without repeating an event', async () => {
    const p1 = await asRole('AUDITOR', trailDoc(field), { first: 2 });
    const c1 = p1.data![field]!;
    expect(c1.pageInfo.hasNextPage).toBe(true);
    const p2 = await asRole('AUDITOR', trailDoc(field), { first: 2, after: c1.pageInfo.endCursor });
    const ids1 = c1.edges.map((e) => e.node.id);
    const ids2 = p2.data![field]!.edges.map((e) => e.node.id);
    expect(ids2).toHaveLength(2);
    expect(ids1.filter((id) => ids2.includes(id))).toEqual([]);
  });
});

describe('authentication failures at a subgraph', () => {
  it('are answered 401 and recorded in its trail', async () => {
    const res = await t.post(t.hub.services.tiering.server.url, { query: '{ _service { sdl } }' }, { 'x-request-id': `req-${randomUUID()}` });
    expect(res.status).toBe(401);
    // The subgraph names the refused request with its own id (a caller without the gateway's identity cannot choose it).
    const requestId = res.requestId!;
    expect(requestId).toMatch(/^[0-9a-f-]{36}$/);
    const trail = await asRole('AUDITOR', trailDoc('tieringAuditEvents'), { filter: { requestId } });
    expect(trail.data!.tieringAuditEvents!.edges.map((e) => e.node)).toEqual([
      expect.objectContaining({ action: 'AUTHENTICATE', outcome: 'DENIED', subject: 'unauthenticated', fieldPath: 'internal-identity' }),
    ]);
  });
});

describe('the audit table', () => {
  it.each([
    ['UPDATE', `UPDATE audit_event SET subject = 'someone-else'`],
    ['DELETE', `DELETE FROM audit_event`],
    ['TRUNCATE', `TRUNCATE audit_event`],
  ])('refuses %s from the application', async (_op, statement) => {
    const ds = t.hub.services.incidents.dataSource;
    const before = await ds.query('SELECT count(*)::int AS n, max(hash) AS h FROM audit_event');
    expect(before[0].n).toBeGreaterThan(0);
    await expect(ds.query(statement)).rejects.toThrow(/append-only/);
    expect(await ds.query('SELECT count(*)::int AS n, max(hash) AS h FROM audit_event')).toEqual(before);
  });
});

describe('when the audit write fails', () => {
  const narrative = `CANARY-narrative-${randomUUID()}`;
  beforeAll(async () => {
    ok(await t.query('OFFICER', RECORD, { input: incidentInput({ rmsNumber: 'CANARY-RMS-AUDIT-FAIL', narrative }) }));
  });

  it('the request fails: INTERNAL_SERVER_ERROR with the request id, and no data', async () => {
    const healthy = await asRole('OFFICER', '{ incidents(first: 5) { edges { node { rmsNumber narrative } } } }');
    expect(healthy.text).toContain(narrative);
    await t.sql('incidents', 'ALTER TABLE audit_event RENAME TO audit_event_away');
    try {
      const res = await asRole('OFFICER', '{ incidents(first: 5) { edges { node { rmsNumber narrative } } } }');
      expect(res.data).toBeNull();
      expect(res.errors).toEqual([{ message: 'Internal server error.', extensions: { code: 'INTERNAL_SERVER_ERROR', requestId: res.requestId } }]);
      expect(res.text).not.toContain(narrative);
      expect(res.text).not.toContain('CANARY-RMS-AUDIT-FAIL');
    } finally {
      await t.sql('incidents', 'ALTER TABLE audit_event_away RENAME TO audit_event');
    }
  });
});
