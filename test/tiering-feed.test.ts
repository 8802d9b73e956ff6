/**
 * Tiering's feed consumer: exactly-once under a crash mid-batch (compared to a clean run), idempotent
 * replay, and one consistent history when events for one offender are applied concurrently.
 */
import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { dropDatabase, incidentFeedConsumer, openServiceDatabase, type IncidentFeedEvent } from '@ipvi/core';
import { applyIncidentEvent, incidentConsumer } from '@ipvi/tiering/src/feed/incident.consumer';
import { SERVICES } from '../scripts/hub';
import { consumerEnv, startTestHub, type TestHub } from './harness/hub';
import { cloneDatabase } from './harness/templates';
import { incidentFeedEvent } from './fixtures/incidents';

/**
 * The feed these tests consume: the demo's incident events of one offender in five (by a hash of the id), their whole
 * history (tiers rising, notices held before the demo site's go-live and sent after it, superseded ones, prosecution
 * flags), about 300 events in three pages or more; the other events are cut from the hub's outbox. The crash falls in the
 * second page, so a committed page, a rolled-back one and the pages after the restart are all there; the other offenders'
 * events would take the same path again (the whole demo drain's result is checked on the drained templates: feed.test.ts).
 */
const CUT = `DELETE FROM incident_event WHERE NOT EXISTS (SELECT 1 FROM jsonb_array_elements_text(payload->'offenderIds') o WHERE get_byte(decode(md5(o), 'hex'), 0) % 5 = 0)`;
let events = 0;

let t: TestHub;
/**
 * The clean run to compare with: the same seeded tiering database, the same events (read through the hub's gateway) applied
 * by tiering's own consumer without a crash.
 */
let clean: DataSource;
let cleanUrl: string | undefined;
beforeAll(async () => {
  const [hub, url] = await Promise.all([
    startTestHub({ seed: true }),
    cloneDatabase(process.env.IPVI_TEST_PG_URL!, `tclean${randomUUID().slice(0, 8)}`, 'tiering', { seed: true, env: {} }),
  ]);
  t = hub;
  cleanUrl = url;
  await t.sql('incidents', CUT);
  events = (await t.sql<{ n: number }>('incidents', `SELECT count(*)::int AS n FROM incident_event`))[0]!.n;
  expect(events).toBeGreaterThan(200); // a third page after the crash's
  clean = await openServiceDatabase(SERVICES.tiering, url, 2);
  expect(await incidentConsumer(consumerEnv(t, clean)).drain()).toBe(events);
}, 120_000);
afterAll(async () => {
  await clean?.destroy();
  await Promise.all([t?.stop(), cleanUrl && dropDatabase(cleanUrl)]);
});

const tiering = () => t.hub.services.tiering;
const consumerOn = (ds: DataSource, apply: (m: Parameters<typeof applyIncidentEvent>[0], e: IncidentFeedEvent) => Promise<void>) =>
  incidentFeedConsumer(consumerEnv(t, ds), 'tiering', 'SERVICE_TIERING', apply);

type Query = (text: string) => Promise<unknown[]>;
const onClean: Query = (text) => clean.query(text);
const onHub: Query = (text) => tiering().dataSource.query(text);

/** Everything the consumer derives, without ids and wall-clock times. */
async function derived(query: Query) {
  return {
    ledger: await query(`SELECT offender_id, incident_id, arrest_made, offense_codes FROM offender_incident ORDER BY 1, 2`),
    tiers: await query(
      `SELECT offender_id, level, previous_level, rule, policy_version, explanation, incident_ids, trigger_incident_id, effective_at FROM tier_assignment ORDER BY offender_id, seq`,
    ),
    notifications: await query(`SELECT n.offender_id, n.type, n.tier_at_notice, n.status, CASE WHEN n.type = 'LETTER' THEN n.due_at END AS letter_due
      FROM notification n JOIN tier_assignment a ON a.id = n.assignment_id ORDER BY n.offender_id, a.seq`),
    flags: await query(`SELECT offender_id, tier, fast_track FROM prosecution_flag ORDER BY 1, 2`),
  };
}

describe('the tiering feed consumer', () => {
  it('loses and doubles nothing when it dies half-way through a batch and restarts', async () => {
    let n = 0;
    const dying = consumerOn(tiering().dataSource, async (m, e) => {
      if (++n === 150) throw new Error('simulated crash');
      await applyIncidentEvent(m, e);
    });
    await expect(dying.drain()).rejects.toThrow('simulated crash');
    const applied = await t.sql<{ n: number }>('tiering', `SELECT count(*)::int AS n FROM feed_applied`);
    expect(applied).toEqual([{ n: 100 }]); // the first page committed; the second rolled back whole
    expect(await tiering().consumers[0]!.drain()).toBe(events - 100); // the restarted service catches up
    const want = await derived(onClean);
    // The subset has what the whole demo has: tiers, notices sent and superseded, and tiers held before go-live (no notice).
    expect(want.tiers.length).toBeGreaterThan(100);
    expect(want.notifications.length).toBeGreaterThan(20);
    expect(want.notifications.some((n) => (n as { status: string }).status === 'SUPERSEDED')).toBe(true);
    expect(want.tiers.length).toBeGreaterThan(want.notifications.length);
    expect(want.flags.length).toBeGreaterThan(20);
    expect(await derived(onHub)).toEqual(want);
  });

  it('replays the whole feed without changing anything', async () => {
    const before = await derived(onHub);
    await t.sql('tiering', `UPDATE feed_cursor SET cursor = NULL`);
    expect(await tiering().consumers[0]!.drain()).toBe(0);
    expect(await derived(onHub)).toEqual(before);
  });

  it('applies an event twice (even bypassing the applied-event ledger) with no second effect', async () => {
    const ds = tiering().dataSource;
    const e = incidentFeedEvent({ occurredAt: new Date(Date.now() - 3600_000).toISOString(), arrestMade: true });
    await ds.transaction((m) => applyIncidentEvent(m, e));
    await ds.transaction((m) => applyIncidentEvent(m, { ...e, id: randomUUID(), type: 'INCIDENT_AMENDED' }));
    const rows = await t.sql('tiering', `SELECT level FROM tier_assignment WHERE offender_id = $1`, [e.offenderIds[0]]);
    expect(rows).toEqual([{ level: 'C' }]);
  });

  it('gives one consistent history when events for one offender are applied concurrently', async () => {
    const ds = tiering().dataSource;
    const day = (d: number) => new Date(Date.UTC(2026, 7, d, 12)).toISOString(); // after the demo site's go-live day
    const offenders = Array.from({ length: 5 }, () => randomUUID());
    const events: IncidentFeedEvent[] = offenders.flatMap((o) => [
      incidentFeedEvent({ offenderIds: [o], occurredAt: day(1) }),
      incidentFeedEvent({ offenderIds: [o], occurredAt: day(2), arrestMade: true }),
      incidentFeedEvent({ offenderIds: [o], occurredAt: day(3), offenseCodes: ['90Z'], protectiveOrderViolation: true }),
      incidentFeedEvent({ offenderIds: [o], occurredAt: day(4), arrestMade: true }),
      incidentFeedEvent({ offenderIds: [o], occurredAt: day(5) }),
      incidentFeedEvent({ offenderIds: [o], occurredAt: day(6), arrestMade: true }),
    ]);
    await Promise.all(events.map((e) => ds.transaction((m) => applyIncidentEvent(m, e))));
    for (const o of offenders) {
      const hist = await t.sql<{ level: string; previous_level: string | null }>(
        'tiering',
        `SELECT level, previous_level FROM tier_assignment WHERE offender_id = $1 ORDER BY seq`,
        [o],
      );
      const rank = hist.map((h) => 'DCBA'.indexOf(h.level));
      expect(rank).toEqual([...new Set(rank)].sort()); // strictly rising: no duplicate, no demotion
      hist.forEach((h, i) => expect(h.previous_level).toBe(hist[i - 1]?.level ?? null));
      expect(hist.at(-1)!.level).toBe('A'); // three DV charges, whatever order they arrived in
      const pending = await t.sql('tiering', `SELECT 1 FROM notification WHERE offender_id = $1 AND status = 'PENDING'`, [o]);
      expect(pending).toHaveLength(1);
    }
  });
});
