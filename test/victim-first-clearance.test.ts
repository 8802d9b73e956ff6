/**
 * One victim-first gate across two subgraphs: advocates clear through victim-services'
 * clearNotification, tiering learns of it from the clearance feed and owns what police see
 * (`Notification.clearance { state deadline }`), and the advocates' record stays theirs.
 */
import { randomUUID } from 'node:crypto';
import { DEMO_ADVOCACY_AGENCY, DEMO_POLICE_ORI, graphFeedConsumer } from '@ipvi/core';
import { CLEARANCE_CONSUMER, CLEARANCE_FEED_DOCUMENT, applyClearanceEvent, type ClearanceFeedEvent } from '@ipvi/tiering/src/feed/clearance.consumer';
import { codes, consumerEnv, startTestHub, type TestHub } from './harness/hub';
import { hoursAgo, recordIncident } from './fixtures/incidents';

/** A second advocacy agency serving the same police agency, and one serving another. */
const PEER = 'ADV-PEER-01';
const ELSEWHERE = 'ADV-ELSEWHERE-01';
let t: TestHub;
beforeAll(async () => {
  t = await startTestHub({
    env: {
      POLICE_AGENCIES: `${DEMO_POLICE_ORI},NC0999900`,
      ADVOCACY_AGENCIES: `${DEMO_ADVOCACY_AGENCY}=${DEMO_POLICE_ORI};${PEER}=${DEMO_POLICE_ORI};${ELSEWHERE}=NC0999900`,
    },
  });
});
afterAll(() => t.stop());

type Clearance = { state: string; deadline: string };
const NOTIFICATION = 'query($id: ID!) { notification(id: $id) { clearance { state deadline } } }';
const CLEAR = `mutation($id: ID!, $note: String) { clearNotification(input: { notificationId: $id, note: $note }) {
  advocateClearance { note } notification { id clearance { state } } } }`;
const DELIVER =
  'mutation($id: ID!, $at: DateTime!) { recordNotificationDelivery(input: { notificationId: $id, deliveredAt: $at, outcome: DELIVERED }) { notification { status } } }';
const deliver = (id: string) =>
  t.query<{ recordNotificationDelivery: { notification: { status: string } } }>('OFFICER', DELIVER, {
    id,
    at: new Date(t.clock.now().getTime() - 60_000).toISOString(),
  });

/** A new charged offender's pending notification (tier C), as tiering scheduled it from the feed. */
async function pendingNotification(name: string): Promise<string> {
  const { offenderId } = await recordIncident(t, { offenderName: name, occurredAt: hoursAgo(2), arrest: true, victims: [{ name: 'Rosa Undisclosed' }] });
  await t.drainFeeds();
  const res = await t.query<{ offender: { notifications: { id: string }[] } }>('OFFICER', 'query($id: ID!) { offender(id: $id) { notifications { id } } }', {
    id: offenderId,
  });
  return res.data!.offender.notifications[0]!.id;
}
async function clearance(id: string): Promise<Clearance> {
  const res = await t.query<{ notification: { clearance: Clearance } }>('OFFICER', NOTIFICATION, { id });
  expect(res.errors).toBeUndefined();
  return res.data!.notification.clearance;
}
/** Everything tiering derived from clearances (no ids of events, no times of ours). */
const gateRows = () =>
  t.sql(
    'tiering',
    `SELECT n.id, n.gate_cleared_at, n.gate_cleared_by_agency, (SELECT count(*)::int FROM notification_event e WHERE e.notification_id = n.id AND e.kind = 'GATE_CLEARED') AS events
  FROM notification n ORDER BY n.id`,
  );

describe('clearing through victim-services', () => {
  let cleared: string;

  it('opens the clearance police see once tiering has read the feed, keeping its deadline; delivery then goes ahead', async () => {
    cleared = await pendingNotification('Cleared Person');
    const before = await clearance(cleared);
    expect(before.state).toBe('PENDING');
    expect(codes(await deliver(cleared))).toEqual(['CONFLICT']);
    const res = await t.query<{ clearNotification: { advocateClearance: { note: string }; notification: { id: string; clearance: Clearance } } }>(
      'ADVOCATE',
      CLEAR,
      {
        id: cleared,
        note: 'safety plan done; she is staying with her sister',
      },
    );
    expect(res.errors).toBeUndefined();
    // Eventually consistent: the payload answers before tiering's consumer has polled.
    expect(res.data!.clearNotification).toEqual({
      advocateClearance: { note: 'safety plan done; she is staying with her sister' },
      notification: { id: cleared, clearance: { state: 'PENDING' } },
    });
    await t.drainFeeds();
    expect(await clearance(cleared)).toEqual({ state: 'CLEARED', deadline: before.deadline });
    expect((await deliver(cleared)).data).toEqual({ recordNotificationDelivery: { notification: { status: 'DELIVERED' } } });
  });

  it("shows police null and FORBIDDEN for the advocates' record, the note nowhere; another agency's advocates see no record", async () => {
    const q = 'query($id: ID!) { notification(id: $id) { clearance { state } advocateClearance { note clearedAt clearedBy } } }';
    for (const role of ['OFFICER', 'DV_DETECTIVE', 'COORDINATOR', 'PROSECUTOR'] as const) {
      const police = await t.query<{ notification: { clearance: { state: string }; advocateClearance: unknown } }>(role, q, { id: cleared });
      expect(police.data!.notification).toEqual({ clearance: { state: 'CLEARED' }, advocateClearance: null });
      expect(codes(police)).toEqual(['FORBIDDEN']);
      expect(police.text).not.toContain('sister');
    }
    const own = await t.query<{ notification: { advocateClearance: { note: string } } }>('ADVOCATE_SUPERVISOR', q, { id: cleared });
    expect(own.data!.notification.advocateClearance.note).toContain('sister');
    const peer = await t.query<{ notification: { clearance: { state: string }; advocateClearance: unknown } }>(
      'ADVOCATE',
      q,
      { id: cleared },
      { agency: PEER },
    );
    expect(peer.data!.notification).toEqual({ clearance: { state: 'CLEARED' }, advocateClearance: null });
    expect(peer.errors).toBeUndefined();
    expect(peer.text).not.toContain('sister');
  });

  it('ignores a clearance of an unknown notification, or by an agency that does not serve its police agency', async () => {
    const pending = await pendingNotification('Unserved Person');
    const before = await gateRows();
    for (const [id, agency] of [
      [randomUUID(), DEMO_ADVOCACY_AGENCY],
      [pending, ELSEWHERE],
    ] as const) {
      expect((await t.query('ADVOCATE', CLEAR, { id }, { agency })).errors).toBeUndefined();
    }
    const consumer = t.hub.services.tiering.consumers.find((c) => c.name === CLEARANCE_CONSUMER)!;
    expect(await consumer.drain()).toBe(2); // applied (and ignored), so the feed moves on
    expect(await gateRows()).toEqual(before);
    expect((await clearance(pending)).state).toBe('PENDING');
  });

  it('changes nothing when the clearance feed is replayed, even past the applied-event ledger', async () => {
    await t.query('ADVOCATE', CLEAR, { id: await pendingNotification('Replayed Person') }, { agency: PEER });
    await t.drainFeeds();
    const before = await gateRows();
    expect(before.filter((r) => r.gate_cleared_by_agency === PEER)).toHaveLength(1);
    const consumer = t.hub.services.tiering.consumers.find((c) => c.name === CLEARANCE_CONSUMER)!;
    await t.sql('tiering', 'UPDATE feed_cursor SET cursor = NULL WHERE consumer = $1', [CLEARANCE_CONSUMER]);
    expect(await consumer.drain()).toBe(0);
    await t.sql('tiering', 'DELETE FROM feed_applied WHERE consumer = $1', [CLEARANCE_CONSUMER]);
    await t.sql('tiering', 'UPDATE feed_cursor SET cursor = NULL WHERE consumer = $1', [CLEARANCE_CONSUMER]);
    expect(await consumer.drain()).toBe(4);
    expect(await gateRows()).toEqual(before);
  });

  it('catches up after dying mid-page: the page rolls back whole, and the restarted consumer applies each clearance once', async () => {
    const ids = [await pendingNotification('Late One'), await pendingNotification('Late Two'), await pendingNotification('Late Three')];
    for (const id of ids) await t.query('ADVOCATE', CLEAR, { id });
    const env = consumerEnv(t, t.hub.services.tiering.dataSource);
    let n = 0;
    const dying = graphFeedConsumer<ClearanceFeedEvent>(env, {
      name: CLEARANCE_CONSUMER,
      service: 'tiering',
      role: 'SERVICE_TIERING',
      document: CLEARANCE_FEED_DOCUMENT,
      field: 'clearanceEvents',
      apply: async (m, e) => {
        if (++n === 2) throw new Error('simulated crash');
        await applyClearanceEvent(m, env, e);
      },
    });
    await expect(dying.drain()).rejects.toThrow('simulated crash');
    for (const id of ids) expect((await clearance(id)).state).toBe('PENDING');
    const consumer = t.hub.services.tiering.consumers.find((c) => c.name === CLEARANCE_CONSUMER)!;
    expect(await consumer.drain()).toBe(3);
    for (const id of ids) expect((await clearance(id)).state).toBe('CLEARED');
    const events = (await gateRows()).filter((r) => ids.includes(r.id as string)).map((r) => r.events);
    expect(events).toEqual([1, 1, 1]);
  });
});

describe('without a clearance', () => {
  afterEach(() => t.clock.reset());

  it('holds delivery until the window lapses (the deadline tiering fixed when it scheduled the notice)', async () => {
    const id = await pendingNotification('Lapsing Person');
    const { deadline } = await clearance(id);
    t.clock.advance(Date.parse(deadline) - t.clock.now().getTime() - 60_000);
    expect((await clearance(id)).state).toBe('PENDING');
    expect(codes(await deliver(id))).toEqual(['CONFLICT']);
    t.clock.advance(2 * 60_000);
    expect(await clearance(id)).toEqual({ state: 'WINDOW_LAPSED', deadline });
    expect((await deliver(id)).data).toEqual({ recordNotificationDelivery: { notification: { status: 'DELIVERED' } } });
  });

  it("opens on a coordinator's waiver with a reason", async () => {
    const id = await pendingNotification('Waived Person');
    const waive = await t.query(
      'COORDINATOR',
      'mutation($id: ID!) { waiveNotificationGate(input: { notificationId: $id, reason: "Court date tomorrow; advocates unreachable" }) { notification { clearance { state } } } }',
      { id },
    );
    expect(waive.data).toEqual({ waiveNotificationGate: { notification: { clearance: { state: 'WAIVED' } } } });
    expect((await deliver(id)).data).toEqual({ recordNotificationDelivery: { notification: { status: 'DELIVERED' } } });
  });
});
