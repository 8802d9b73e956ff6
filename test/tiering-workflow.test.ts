/** The tiering acceptance path through the gateway, on the demo data: tiers from the feed, the victim-first clearance, delivery, escalation. */
import { codes, startTestHub, type TestHub, DRAINED_HUB_TIMEOUT_MS } from './harness/hub';
import { hoursAgo, recordIncident, type RecordedIncident } from './fixtures/incidents';

let t: TestHub;
beforeAll(async () => {
  t = await startTestHub({ seed: true, drained: 'tiering' }); // the demo feed applied once per run, in the template
}, DRAINED_HUB_TIMEOUT_MS);
afterAll(() => t.stop());

type Clearance = { state: string; deadline: string };
type Note = { id: string; type: string; tierAtNotice: string; dueAt: string; status: string; clearance: Clearance; servicesOffered: string[] };
type Tiered = {
  offender: {
    tier: { level: string; rule: string; explanation: string; policyVersion: string; incidents: { rmsNumber: string }[] } | null;
    notifications: Note[];
  };
};

const OFFENDER = `query($id: ID!) { offender(id: $id) {
  tier { level rule explanation policyVersion incidents { rmsNumber } }
  notifications { id type tierAtNotice dueAt status clearance { state deadline } servicesOffered } } }`;
const DELIVER = `mutation($id: ID!, $at: DateTime!, $outcome: NotificationOutcome!) {
  recordNotificationDelivery(input: { notificationId: $id, deliveredAt: $at, outcome: $outcome }) { notification { status outcome deliveredAt clearance { state } } } }`;
const CLEAR = `mutation($id: ID!) { clearNotification(input: { notificationId: $id }) { notification { id } } }`;
const ORDER = 'mutation($input: RecordProtectiveOrderInput!) { recordProtectiveOrder(input: $input) { created } }';

async function offender(id: string, role: 'OFFICER' | 'PROSECUTOR' = 'OFFICER') {
  const res = await t.query<Tiered>(role, OFFENDER, { id });
  expect(res.errors).toBeUndefined();
  return res.data!.offender;
}

describe('tiers from the incident feed', () => {
  let first: RecordedIncident;

  it('gives a first charged intimate-partner incident tier C, explained, with a face-to-face notification', async () => {
    first = await recordIncident(t, { offenderName: 'Marcus Feedwell', occurredAt: hoursAgo(30), arrest: true, victims: [{ name: 'Valerie Hiddenname' }] });
    await t.drainFeeds('tiering');
    const o = await offender(first.offenderId);
    expect(o.tier).toMatchObject({ level: 'C', rule: 'FIRST_DV_CHARGE', policyVersion: 'high-point-default-1', incidents: [{ rmsNumber: first.rmsNumber }] });
    expect(o.tier!.explanation).toContain(first.rmsNumber);
    expect(o.notifications).toHaveLength(1);
    expect(o.notifications[0]).toMatchObject({ type: 'FACE_TO_FACE', tierAtNotice: 'C', status: 'PENDING', clearance: { state: 'PENDING' } });
    const effect = await t.query<{ incident: { tierEffect: { level: string } } }>('OFFICER', 'query($id: ID!) { incident(id: $id) { tierEffect { level } } }', {
      id: first.incidentId,
    });
    expect(effect.data!.incident.tierEffect.level).toBe('C');
  });

  it('refuses delivery while the victim-first clearance is pending, and lets advocates (only) clear it through victim-services', async () => {
    const note = (await offender(first.offenderId)).notifications[0]!;
    const early = await t.query('OFFICER', DELIVER, { id: note.id, at: hoursAgo(0.2).toISOString(), outcome: 'DELIVERED' });
    expect(codes(early)).toEqual(['CONFLICT']);
    const byOfficer = await t.query('OFFICER', CLEAR, { id: note.id });
    expect(codes(byOfficer)).toEqual(['FORBIDDEN']);
    const byAdvocate = await t.query('ADVOCATE', CLEAR, { id: note.id });
    expect(byAdvocate.errors).toBeUndefined();
    await t.drainFeeds('tiering'); // tiering learns of it from victim-services' clearance feed
    expect((await offender(first.offenderId)).notifications[0]!.clearance).toEqual({ state: 'CLEARED', deadline: note.clearance.deadline });
    const delivered = await t.query<{ recordNotificationDelivery: { notification: { status: string; outcome: string } } }>('OFFICER', DELIVER, {
      id: note.id,
      at: hoursAgo(0.2).toISOString(),
      outcome: 'DELIVERED',
    });
    expect(delivered.errors).toBeUndefined();
    expect(delivered.data!.recordNotificationDelivery.notification).toMatchObject({ status: 'DELIVERED', outcome: 'DELIVERED' });
    const again = await t.query('OFFICER', DELIVER, { id: note.id, at: hoursAgo(0.1).toISOString(), outcome: 'DELIVERED' });
    expect(codes(again)).toEqual(['CONFLICT']);
  });

  it('moves the offender to B with a prosecution flag on a protective-order violation after delivery', async () => {
    // Reported, not charged: the violation of an order on record is a prohibited act, not a DV charge.
    const order = await t.query('OFFICER', ORDER, {
      input: {
        agencyOri: 'NC0410200',
        orderNumber: '26CVD000901',
        orderType: 'FINAL',
        issuedOn: hoursAgo(24 * 7)
          .toISOString()
          .slice(0, 10),
        restrainedOffender: { id: first.offenderId },
        protectedParty: { name: 'Valerie Hiddenname' },
      },
    });
    expect(order.errors).toBeUndefined();
    await recordIncident(t, { offenderId: first.offenderId, occurredAt: hoursAgo(0.1), protectiveOrderViolation: { orderNumber: '26CVD000901' } });
    await t.drainFeeds('tiering');
    const o = await offender(first.offenderId);
    expect(o.tier).toMatchObject({ level: 'B', rule: 'PROHIBITED_BEHAVIOR_AFTER_NOTICE' });
    expect(o.tier!.explanation).toContain('protective-order violation');
    expect(o.notifications.map((n) => [n.type, n.status])).toEqual([
      ['FACE_TO_FACE', 'DELIVERED'],
      ['CALL_IN', 'PENDING'],
    ]);
    const flags = '{ prosecutionFlags { tier fastTrack bondRecommendation } }';
    const pros = await t.query<{ offender: { prosecutionFlags: { tier: string }[] } }>('PROSECUTOR', `query($id: ID!) { offender(id: $id) ${flags} }`, {
      id: first.offenderId,
    });
    expect(pros.errors).toBeUndefined();
    expect(pros.data!.offender.prosecutionFlags).toEqual([{ tier: 'B', fastTrack: false, bondRecommendation: expect.any(String) }]);
    const adv = await t.query<{ offender: { prosecutionFlags: unknown } }>(
      'ADVOCATE',
      `query($id: ID!) { offender(id: $id) { tier { level } ${flags.slice(1)} }`,
      { id: first.offenderId },
    );
    expect(adv.data!.offender).toEqual({ tier: { level: 'B' }, prosecutionFlags: null });
    expect(codes(adv)).toEqual(['FORBIDDEN']);
  });

  it('records the offer of help on delivery and tracks each referral', async () => {
    const q = 'query($id: ID!) { offender(id: $id) { serviceReferrals { id service status } } }';
    const res = await t.query<{ offender: { serviceReferrals: { id: string; service: string; status: string }[] } }>('DV_DETECTIVE', q, {
      id: first.offenderId,
    });
    const refs = res.data!.offender.serviceReferrals;
    expect(refs.map((r) => r.service).sort()).toEqual(['BATTERER_INTERVENTION', 'MENTAL_HEALTH_TREATMENT', 'SUBSTANCE_USE_TREATMENT']);
    expect(new Set(refs.map((r) => r.status))).toEqual(new Set(['OFFERED']));
    const move =
      'mutation($id: ID!, $s: OffenderReferralStatus!) { updateOffenderServiceReferral(input: { referralId: $id, status: $s }) { referral { status acceptedAt enrolledAt } } }';
    const bip = refs.find((r) => r.service === 'BATTERER_INTERVENTION')!;
    expect(codes(await t.query('DV_DETECTIVE', move, { id: bip.id, s: 'COMPLETED' }))).toEqual(['CONFLICT']);
    await t.query('DV_DETECTIVE', move, { id: bip.id, s: 'ACCEPTED' });
    const enrolled = await t.query<{ updateOffenderServiceReferral: { referral: { status: string; acceptedAt: string; enrolledAt: string } } }>(
      'DV_DETECTIVE',
      move,
      { id: bip.id, s: 'ENROLLED' },
    );
    expect(enrolled.data!.updateOffenderServiceReferral.referral).toMatchObject({
      status: 'ENROLLED',
      acceptedAt: expect.any(String),
      enrolledAt: expect.any(String),
    });
  });

  it('keeps the outcome ledger: first notification date and every later intimate-partner arrest', async () => {
    await recordIncident(t, { offenderId: first.offenderId, occurredAt: hoursAgo(0.05), arrest: true });
    await t.drainFeeds('tiering');
    const rows = await t.sql<{ n: number }>('tiering', `SELECT count(*)::int AS n FROM ip_rearrest WHERE offender_id = $1`, [first.offenderId]);
    expect(rows[0]!.n).toBe(1);
    // A second DV charge is B's own rule; without a delivered B notice there is no escalation to A.
    expect((await offender(first.offenderId)).tier!.level).toBe('B');
  });

  it('counts a charge filed without an arrest (here under G.S. 50B-4.1) from the feed, and a weapon as violent history', async () => {
    const { offenderId } = await recordIncident(t, { offenderName: 'Wes Weaponry', occurredAt: hoursAgo(6), arrest: true });
    await recordIncident(t, { offenderId, occurredAt: hoursAgo(5), protectiveOrderViolation: 'CHARGED' });
    await t.drainFeeds('tiering');
    expect((await offender(offenderId)).tier).toMatchObject({ level: 'B', rule: 'SECOND_DV_CHARGE' });
    await recordIncident(t, { offenderId, occurredAt: hoursAgo(4), weapon: '12' });
    await t.drainFeeds('tiering');
    const o = await offender(offenderId);
    expect(o.tier).toMatchObject({ level: 'A', rule: 'VIOLENT_HISTORY' });
    expect(o.tier!.explanation).toContain('a weapon in');
  });

  it("takes an incident out of an offender's ledger when an amendment names another offender", async () => {
    const at = hoursAgo(2);
    const mistaken = await recordIncident(t, { offenderName: 'Mistaken Identity', occurredAt: at, arrest: true });
    const corrected = await recordIncident(t, { offenderName: 'Actual Person', occurredAt: at, arrest: true, rmsNumber: mistaken.rmsNumber });
    expect(corrected.incidentId).toBe(mistaken.incidentId);
    await t.drainFeeds('tiering');
    const ledger = await t.sql('tiering', 'SELECT offender_id FROM offender_incident WHERE incident_id = $1', [mistaken.incidentId]);
    expect(ledger).toEqual([{ offender_id: corrected.offenderId }]);
    expect((await offender(corrected.offenderId)).tier).toMatchObject({ level: 'C', rule: 'FIRST_DV_CHARGE' });
  });

  it('gives an uncharged intimate-partner call for a new person D, with a letter due 48 h after the incident', async () => {
    const at = new Date(Math.floor(hoursAgo(5).getTime() / 1000) * 1000);
    const d = await recordIncident(t, { offenderName: 'Dale Lettered', occurredAt: at });
    await t.drainFeeds('tiering');
    const o = await offender(d.offenderId);
    expect(o.tier).toMatchObject({ level: 'D', rule: 'DV_CALL_NO_ARREST' });
    expect(o.notifications).toEqual([
      expect.objectContaining({ type: 'LETTER', tierAtNotice: 'D', dueAt: new Date(at.getTime() + 48 * 3600_000).toISOString() }),
    ]);
  });

  it('gives a non-intimate family incident no tier and no notification', async () => {
    const f = await recordIncident(t, { offenderName: 'Frank Family', occurredAt: hoursAgo(3), relationship: 'FAMILY', arrest: true });
    await t.drainFeeds('tiering');
    expect(await offender(f.offenderId)).toEqual({ tier: null, notifications: [] });
  });
});
