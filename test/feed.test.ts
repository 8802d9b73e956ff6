import { randomUUID } from 'node:crypto';
import { incidentFeedConsumer, type IncidentFeedEvent } from '@ipvi/core';
import { applyIncidentEvents } from '@ipvi/victim-services/src/feed/referral.consumer';
import { DRAINED_HUB_TIMEOUT_MS, codes, consumerEnv, startTestHub, type TestHub } from './harness/hub';
import { incidentFeedEvent } from './fixtures/incidents';

let t: TestHub;
beforeAll(async () => {
  // The demo feeds applied by the services' own consumers once per run, in the template (as drainFeeds() after the seed).
  t = await startTestHub({ seed: true, drained: 'all' });
}, DRAINED_HUB_TIMEOUT_MS);
afterAll(() => t.stop());

describe('the incident event feed', () => {
  it("is readable by service principals only (a partner's schema has no such field)", async () => {
    const svc = await t.query<{ incidentEvents: { totalCount: number; edges: { node: IncidentFeedEvent }[] } }>(
      'OFFICER',
      '{ incidentEvents(first: 1) { totalCount } }',
    );
    expect(svc.data ?? null).toBeNull();
    expect(codes(svc)).toEqual(['GRAPHQL_VALIDATION_FAILED']);
    const res = await t.post<{ incidentEvents: { totalCount: number } }>(
      t.url,
      { query: '{ incidentEvents(first: 2) { totalCount edges { node { id type incidentId offenderIds } } } }' },
      {
        authorization: `Bearer ${await t.token('SERVICE_TIERING', { agency: 'IPVI-HUB' })}`,
      },
    );
    expect(res.errors).toBeUndefined();
    expect(res.data!.incidentEvents.totalCount).toBe(1500);
  });

  it('carries police-recorded victim details to victim-services only, never to tiering', async () => {
    const doc = { query: '{ incidentEvents(first: 5) { edges { node { id victims { name } } } } }' };
    const tiering = await t.post<{ incidentEvents: { edges: { node: { victims: unknown } }[] } }>(t.url, doc, {
      authorization: `Bearer ${await t.token('SERVICE_TIERING', { agency: 'IPVI-HUB' })}`,
    });
    expect(tiering.data!.incidentEvents.edges.every((e) => e.node.victims === null)).toBe(true);
    expect(codes(tiering).every((c) => c === 'FORBIDDEN')).toBe(true);
    const vs = await t.post<{ incidentEvents: { edges: { node: { victims: { name: string }[] } }[] } }>(t.url, doc, {
      authorization: `Bearer ${await t.token('SERVICE_VICTIM_SERVICES', { agency: 'IPVI-HUB' })}`,
    });
    expect(vs.errors).toBeUndefined();
    const names = vs.data!.incidentEvents.edges.flatMap((e) => e.node.victims.map((v) => v.name));
    expect(names.length).toBeGreaterThan(0);
    for (const n of names) expect(tiering.text).not.toContain(n);
  });

  it('creates one referral per intimate-partner incident with a victim, and replays create nothing twice', async () => {
    expect(await t.drainFeeds()).toBe(0); // the template's consumers applied the whole demo feed
    const [expected] = await t.sql<{ n: number }>(
      'incidents',
      `SELECT count(*)::int AS n FROM incident i WHERE i.is_intimate_partner AND EXISTS (SELECT 1 FROM incident_victim v WHERE v.incident_id = i.id)`,
    );
    const count = async () => (await t.sql<{ n: number }>('victim-services', 'SELECT count(*)::int AS n FROM referral'))[0]!.n;
    expect(await count()).toBe(expected!.n);
    // Replay the whole feed from the start: the applied-event ledger skips every event.
    await t.sql('victim-services', `UPDATE feed_cursor SET cursor = NULL`);
    expect(await t.drainFeeds()).toBe(0);
    expect(await count()).toBe(expected!.n);
  });

  it('loses and doubles nothing when a batch fails half-way', async () => {
    const ds = t.hub.services['victim-services'].dataSource;
    await ds.query(`CREATE TABLE IF NOT EXISTS crash_probe (event_id uuid PRIMARY KEY)`);
    let failAt = 3;
    // Victim-services' own consumer name (its cursor and ledger), applying into a probe table.
    const c = incidentFeedConsumer(consumerEnv(t, ds), 'victim-services', 'SERVICE_VICTIM_SERVICES', async (m, e) => {
      if (failAt-- === 0) throw new Error('simulated crash');
      await m.query('INSERT INTO crash_probe (event_id) VALUES ($1)', [e.id]);
    });
    await ds.query(`DELETE FROM feed_applied WHERE consumer = 'victim-services:incidents'`);
    await ds.query(`UPDATE feed_cursor SET cursor = NULL`);
    await expect(c.pollOnce()).rejects.toThrow('simulated crash');
    expect((await ds.query('SELECT count(*)::int AS n FROM crash_probe'))[0].n).toBe(0);
    expect(await c.cursor()).toBeNull();
    await c.drain();
    const [{ n, d }] = await ds.query('SELECT count(*)::int AS n, count(DISTINCT event_id)::int AS d FROM crash_probe');
    expect(n).toBe(1500);
    expect(d).toBe(1500);
  });

  it("applies a page's referrals as one event at a time would, an incident recorded and amended within the page included", async () => {
    const victim = randomUUID();
    const withVictim = (over: Partial<IncidentFeedEvent>) =>
      incidentFeedEvent({ victimPartyIds: [victim], victims: [{ id: victim, name: 'Pia Paged', dateOfBirth: '1990-01-02', phone: null }], ...over });
    const recorded = withVictim({});
    const amendedBy = randomUUID();
    const amended = withVictim({
      ...recorded,
      id: randomUUID(),
      type: 'INCIDENT_AMENDED',
      isIntimatePartner: false,
      offenderIds: [amendedBy],
      victims: [{ id: victim, name: 'Pia Amended', dateOfBirth: '1990-01-02', phone: '+1-336-555-0199' }],
    });
    const other = withVictim({});
    const notEligible = withVictim({ isIntimatePartner: false });
    const ds = t.hub.services['victim-services'].dataSource;
    await ds.transaction((m) => applyIncidentEvents(m, t.config, [recorded, other, notEligible, amended]));
    const rows = await t.sql(
      'victim-services',
      `SELECT r.incident_id, r.state, r.referred_at, r.offender_ids, v.name, v.phone FROM referral r LEFT JOIN referred_victim v ON v.referral_id = r.id
       WHERE r.incident_id = ANY($1::uuid[]) ORDER BY r.incident_id`,
      [[recorded.incidentId, other.incidentId, notEligible.incidentId]],
    );
    expect(rows).toEqual(
      [
        // Referred when first recorded; the amendment (no longer eligible) refreshed its details and its victim, and took nothing away.
        {
          incident_id: recorded.incidentId,
          state: 'NEW',
          referred_at: new Date(recorded.recordedAt),
          offender_ids: [amendedBy],
          name: 'Pia Amended',
          phone: '+1-336-555-0199',
        },
        {
          incident_id: other.incidentId,
          state: 'NEW',
          referred_at: new Date(other.recordedAt),
          offender_ids: other.offenderIds,
          name: 'Pia Paged',
          phone: null,
        },
      ].sort((a, b) => (a.incident_id < b.incident_id ? -1 : 1)),
    );
  });
});
