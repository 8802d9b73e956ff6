/**
 * The done-when, end to end through the gateway on the canary world (test/authz/world.ts):
 * denials are null plus FORBIDDEN (and audited), consent-gated fields answer by the consent,
 * every write the policy denies is refused and audited, rows outside the scope look missing, and
 * a subgraph's errors leave the gateway masked.
 */
import { randomUUID } from 'node:crypto';
import { HUMAN_ROLES, INTERNAL_IDENTITY_HEADER, decide, internalSignerFor, readFieldClasses, type Role, type ServiceName } from '@ipvi/core';
import { subgraphSdls } from '@ipvi/gateway/src/subgraphs';
import { CANARY, VALUES, insertCanaries } from './authz/canary';
import { PARTNERSHIP_ENV } from './authz/world';
import { expectedScope } from './authz/expected-policy';
import { loadGraphModel } from './authz/graph-model';
import { pool } from './authz/run';
import { writeProbes } from './authz/writes';
import { startTestHub, type GraphQLResponse, type TestHub } from './harness/hub';

let t: TestHub;
beforeAll(async () => {
  t = await startTestHub({ env: { ...PARTNERSHIP_ENV } });
  await insertCanaries(t);
});
afterAll(() => t.stop());

/** One token per role, signed once (and verified once by the gateway, which caches it), not one per request. */
const tokens = new Map<Role, Promise<string>>();
function bearer(role: Role): Promise<string> {
  if (!tokens.has(role))
    tokens.set(
      role,
      t.token(role).then((tk) => `Bearer ${tk}`),
    );
  return tokens.get(role)!;
}

async function asRole<T = Record<string, unknown>>(
  role: Role,
  query: string,
  variables: Record<string, unknown> = {},
): Promise<GraphQLResponse<T> & { requestId: string }> {
  // A client's own x-request-id is only a correlation field: the gateway names the request with its own id (issue 9.7).
  const clientId = `req-${randomUUID()}`;
  const res = await t.post<T>(t.url, { query, variables }, { authorization: await bearer(role), 'x-request-id': clientId });
  if (!res.requestId || res.requestId === clientId) throw new Error('the gateway must answer with a request id of its own');
  return { ...res, requestId: res.requestId };
}

type Trail = Record<string, { edges: { node: { fieldPath: string; outcome: string; entityIds: string[]; role: string } }[] }>;
async function trail(field: string, requestId: string) {
  const res = await asRole<Trail>(
    'AUDITOR',
    `query($r: String) { ${field}(filter: { requestId: $r }) { edges { node { fieldPath outcome entityIds role } } } }`,
    { r: requestId },
  );
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

describe('consent-gated fields (VAWA)', () => {
  const RELEASE =
    'query($v: ID!) { consentedRelease(incidentVictimId: $v) { incidentVictimId contact { name address contactMethods { value } } dangerAssessment { band } services { kind } } }';

  it('release to police what an active consent naming their agency covers, and nothing else; the audit names the consent', async () => {
    for (const role of ['OFFICER', 'DV_DETECTIVE', 'COORDINATOR', 'PROSECUTOR'] as const) {
      const res = await asRole<{ consentedRelease: Record<string, unknown> }>(role, RELEASE, { v: CANARY.victim });
      expect(res.data!.consentedRelease).toEqual({
        incidentVictimId: CANARY.victim,
        contact: {
          name: VALUES['ConsentedContact.name'],
          address: VALUES['ConsentedContact.address'],
          contactMethods: [{ value: VALUES['ConsentedContactMethod.value'] }],
        },
        dangerAssessment: null, // its consent was revoked
        services: null, // never consented
      });
      expect(res.errors!.map((e) => [e.path!.join('.'), e.extensions]).sort()).toEqual([
        ['consentedRelease.dangerAssessment', { code: 'FORBIDDEN', requestId: res.requestId }],
        ['consentedRelease.services', { code: 'FORBIDDEN', requestId: res.requestId }],
      ]);
      const rows = await t.sql<{ field_path: string; outcome: string; consent_id: string | null }>(
        'victim-services',
        'SELECT field_path, outcome, consent_id FROM audit_event WHERE request_id = $1 AND field_path LIKE $2 ORDER BY field_path',
        [res.requestId, 'ConsentedRelease.%'],
      );
      expect(rows).toEqual(
        expect.arrayContaining([
          { field_path: 'ConsentedRelease.contact', outcome: 'ALLOWED', consent_id: CANARY.consent },
          { field_path: 'ConsentedRelease.dangerAssessment', outcome: 'DENIED', consent_id: null },
          { field_path: 'ConsentedRelease.services', outcome: 'DENIED', consent_id: null },
        ]),
      );
    }
  });

  it('answer advocates of the holding agency from their own record, and nobody else at all', async () => {
    const own = await asRole<{ consentedRelease: { services: unknown[] } }>('ADVOCATE', RELEASE, { v: CANARY.victim });
    expect(own.errors).toBeUndefined();
    expect(own.data!.consentedRelease.services).toEqual([{ kind: VALUES['ConsentedService.kind'] }]);
    for (const role of ['ANALYST', 'AUDITOR'] as const) {
      const res = await asRole(role, RELEASE, { v: CANARY.victim });
      expect(res.data).toBeNull();
      expectForbiddenAt(res, ['consentedRelease']);
    }
  });
});

describe('writes', () => {
  const model = loadGraphModel();
  const classes = new Map(subgraphSdls().map(({ name, sdl }) => [name, readFieldClasses(sdl)]));

  it('refuses every role the write policy denies, for every mutation: FORBIDDEN, no data, a DENIED write in the trail, nothing written', async () => {
    const probes = writeProbes(model).flatMap((p) => {
      const graph = p.field.graphs[0] as ServiceName;
      const cls = classes.get(graph)!.get(p.field.coordinate)!;
      return HUMAN_ROLES.filter((r) => decide([r], cls, 'write') === 'deny').map((role) => ({ ...p, graph, role }));
    });
    expect(probes.length).toBeGreaterThan(100);
    const results = await pool(probes, 8, async (p) => ({ p, res: await asRole(p.role, p.query, p.variables) }));
    // Each probe's audit records, read in one query per subgraph (not one connection per probe).
    type Audit = { request_id: string; field_path: string; outcome: string; action: string };
    const audit = new Map<string, Audit[]>();
    for (const graph of new Set(results.map((r) => r.p.graph))) {
      const ids = results.filter((r) => r.p.graph === graph).map((r) => r.res.requestId);
      const found = await t.sql<Audit>(graph, 'SELECT request_id, field_path, outcome, action FROM audit_event WHERE request_id = ANY($1::text[])', [ids]);
      for (const row of found) audit.set(`${graph} ${row.request_id}`, [...(audit.get(`${graph} ${row.request_id}`) ?? []), row]);
    }
    const problems: string[] = [];
    for (const { p, res } of results) {
      const label = `${p.role} ${p.field.coordinate}`;
      const rows = audit.get(`${p.graph} ${res.requestId}`) ?? [];
      const errors = (res.errors ?? []).map((e) => [e.path, e.extensions]);
      if (res.data !== null || JSON.stringify(errors) !== JSON.stringify([[[p.field.name], { code: 'FORBIDDEN', requestId: res.requestId }]]))
        problems.push(`${label}: ${res.text}`);
      if (!rows.some((r) => r.field_path === p.field.coordinate && r.outcome === 'DENIED' && r.action === 'WRITE'))
        problems.push(`${label}: no DENIED WRITE audit record`);
      if (rows.some((r) => r.outcome === 'WRITTEN')) problems.push(`${label}: written`);
    }
    expect(problems).toEqual([]);
  });

  it('keeps COORDINATION writes to coordinators: an officer may not override a tier, nor a detective waive the victim-first clearance', async () => {
    const tierOf = async () =>
      (await asRole<{ offender: { tier: { level: string } } }>('OFFICER', 'query($o: ID!) { offender(id: $o) { tier { level } } }', { o: CANARY.offender }))
        .data!.offender.tier.level;
    const before = await tierOf();
    expect(before).not.toBe('D');
    const res = await asRole(
      'OFFICER',
      'mutation($o: ID!) { overrideTier(input: { offenderId: $o, level: D, justification: "x" }) { assignment { level } } }',
      { o: CANARY.offender },
    );
    expect(res.data).toBeNull();
    expectForbiddenAt(res, ['overrideTier']);
    expect(await tierOf()).toBe(before);
    const waive = await asRole(
      'DV_DETECTIVE',
      'mutation($n: ID!) { waiveNotificationGate(input: { notificationId: $n, reason: "x" }) { notification { id } } }',
      { n: CANARY.notification },
    );
    expect(waive.data).toBeNull();
    expectForbiddenAt(waive, ['waiveNotificationGate']);
  });
});

describe('rows outside the row scope', () => {
  const missing = randomUUID();
  const strip = (r: GraphQLResponse) => ({ status: r.status, data: r.data, errors: r.errors });

  // The canary ids are filled in by beforeAll, after it.each's table is built: the table names them, the test reads them.
  it.each([
    ['incident', 'query($id: ID!) { incident(id: $id) { id rmsNumber } }', 'otherIncident'],
    ['offender', 'query($id: ID!) { offender(id: $id) { id name } }', 'otherOffender'],
  ] as const)('look exactly like missing ones through the gateway (%s of another agency)', async (_n, query, key) => {
    const otherAgencyId = CANARY[key];
    expect(otherAgencyId).toMatch(/^[0-9a-f-]{36}$/);
    // The prosecutor's row scope is the whole partnership (test/authz/expected-policy.ts): the second department's rows are in it.
    const roles = (['OFFICER', 'PROSECUTOR', 'ADVOCATE'] as const).filter((r) => expectedScope(r, 'incident') !== 'PARTNERSHIP');
    expect(roles).toEqual(['OFFICER', 'ADVOCATE']);
    for (const role of roles) {
      const other = await asRole(role, query, { id: otherAgencyId });
      expect({ role, ...strip(other) }).toEqual({ role, ...strip(await asRole(role, query, { id: missing })) });
      expect(other.errors).toBeUndefined();
    }
  });

  it('look exactly like missing ones in _entities on the owning subgraph, and are not counted', async () => {
    const identity = await (await internalSignerFor(t.config)).tokenFor({ sub: 'x', roles: ['OFFICER'], agency: 'NC0410200', scope: [] }, 'incidents');
    const probe = (id: string) =>
      t.post(
        t.hub.services.incidents.server.url,
        {
          query: 'query($r: [_Any!]!) { _entities(representations: $r) { ... on Incident { id narrative } } }',
          variables: { r: [{ __typename: 'Incident', id }] },
        },
        { [INTERNAL_IDENTITY_HEADER]: identity },
      );
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
    // A fetch that got no answer stands as SUBGRAPH_UNAVAILABLE on each field it would have filled (gateway/src/unavailable.ts),
    // naming the service by its public name; nothing else of the subgraph (address, cause, stack).
    for (const e of res.errors!)
      expect(e).toMatchObject({ message: 'This part of the graph is temporarily unavailable.', extensions: { code: 'SUBGRAPH_UNAVAILABLE' } });
    expect(res.text.replace(/"serviceName":"victim-services"/g, '')).not.toMatch(/victim.services|VICTIM_SERVICES|127\.0\.0\.1|ECONNREFUSED|stack/i);
  });
});
