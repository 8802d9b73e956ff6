import { codes, startTestHub, type TestHub, DRAINED_HUB_TIMEOUT_MS } from './harness/hub';

let t: TestHub;
beforeAll(async () => {
  t = await startTestHub({ seed: true, drained: 'all' }); // the demo feeds applied once per run, in the template
}, DRAINED_HUB_TIMEOUT_MS);
afterAll(() => t.stop());

type Offenders = { offenders: { totalCount: number; edges: { node: { id: string; name: string; tier: { level: string } | null } }[] } };

describe('the walking hub', () => {
  it('answers a query that crosses the incidents and tiering subgraphs', async () => {
    const res = await t.query<Offenders>('OFFICER', '{ offenders(first: 3) { totalCount edges { node { id name tier { level } } } } }');
    expect(res.errors).toBeUndefined();
    expect(res.data!.offenders.edges).toHaveLength(3);
    expect(res.data!.offenders.totalCount).toBeGreaterThan(100);
    const tiered = res.data!.offenders.edges.filter((e) => e.node.tier !== null);
    expect(tiered.length).toBeGreaterThan(0);
    for (const e of tiered) expect(['A', 'B', 'C', 'D']).toContain(e.node.tier!.level);
  });

  it('pages with cursors and never repeats a row', async () => {
    const first = await t.query<Offenders & { offenders: { pageInfo: { endCursor: string; hasNextPage: boolean } } }>(
      'OFFICER',
      '{ offenders(first: 5) { edges { node { id } } pageInfo { endCursor hasNextPage } } }',
    );
    expect(first.data!.offenders.pageInfo.hasNextPage).toBe(true);
    const next = await t.query<Offenders>('OFFICER', 'query($after: String) { offenders(first: 5, after: $after) { edges { node { id } } } }', {
      after: first.data!.offenders.pageInfo.endCursor,
    });
    const a = first.data!.offenders.edges.map((e) => e.node.id);
    const b = next.data!.offenders.edges.map((e) => e.node.id);
    expect(b).toHaveLength(5);
    expect(a.filter((id) => b.includes(id))).toEqual([]);
  });

  it('rejects a page size over 100 with BAD_USER_INPUT naming the argument', async () => {
    const res = await t.query('OFFICER', '{ offenders(first: 101) { totalCount } }');
    expect(codes(res)).toEqual(['BAD_USER_INPUT']);
    expect(res.errors![0]!.extensions!.field).toBe('first');
  });

  it('denies Incident.outreach to an OFFICER: null, one FORBIDDEN at its path, the value nowhere', async () => {
    const advocate = await t.query<{ incidents: { edges: { node: { id: string; outreach: { referralState: string; referredAt: string } | null } }[] } }>(
      'ADVOCATE',
      '{ incidents(first: 5, filter: { intimatePartnerOnly: true }) { edges { node { id outreach { referralState referredAt } } } } }',
    );
    expect(advocate.errors).toBeUndefined();
    const withOutreach = advocate.data!.incidents.edges.find((e) => e.node.outreach !== null)!;
    expect(withOutreach).toBeDefined();
    const { referredAt } = withOutreach.node.outreach!;

    const officer = await t.query<{ incident: { id: string; outreach: unknown } }>(
      'OFFICER',
      'query($id: ID!) { incident(id: $id) { id outreach { referralState referredAt } } }',
      {
        id: withOutreach.node.id,
      },
    );
    expect(officer.data!.incident).toEqual({ id: withOutreach.node.id, outreach: null });
    expect(codes(officer)).toEqual(['FORBIDDEN']);
    expect(officer.errors![0]!.path).toEqual(['incident', 'outreach']);
    expect(officer.text).not.toContain(referredAt);
    expect(officer.text).not.toContain('referralState');
  });

  it('answers /health and /ready', async () => {
    const base = t.url.replace(/\/graphql$/, '');
    expect((await fetch(`${base}/health`)).status).toBe(200);
    const ready = await fetch(`${base}/ready`);
    expect(ready.status).toBe(200);
  });

  it('reports a stopped subgraph by name on /ready, and still answers the rest of a query', async () => {
    await t.hub.services['victim-services'].server.close();
    const base = t.url.replace(/\/graphql$/, '');
    const ready = await fetch(`${base}/ready`);
    expect(ready.status).toBe(503);
    expect(await ready.json()).toEqual({ status: 'unavailable', subgraphs: ['victim-services'] });
    const res = await t.query<{ incidents: { edges: { node: { rmsNumber: string; outreach: unknown } }[] } }>(
      'ADVOCATE',
      '{ incidents(first: 1) { edges { node { rmsNumber outreach { referralState } } } } }',
    );
    expect(res.data!.incidents.edges[0]!.node.rmsNumber).toMatch(/^HP/);
    expect(res.data!.incidents.edges[0]!.node.outreach).toBeNull();
    expect(res.errors!.length).toBeGreaterThan(0);
  });
});
