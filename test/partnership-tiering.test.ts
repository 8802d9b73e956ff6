/**
 * Tiering in a partnership of two police departments (NC0410200, NC0410300), each with its own
 * advocacy agency, and a county coordinating team (NC0410900, partnership-wide coordinators): one
 * person's tier counts both departments' charges once coordinators link the records, each department
 * reads the other's part only as the sharing agreement allows, and only the owning agency (or the
 * coordinating team) acts on the person's tier and notices (issue 9).
 *
 * Until the incidents subgraph publishes the person-link feed, links are applied here with tiering's
 * own apply function on tiering's database (hand-made events as the feed contract describes them);
 * the last block confirms a link through the gateway once the feed is published.
 */
import { randomUUID } from 'node:crypto';
import { createLogger, type PersonLinkFeedEvent } from '@ipvi/core';
import { applyPersonLinkEvent } from '@ipvi/tiering/src/feed/person-link.consumer';
import { codes, ok, startTestHub, withoutRequestIds, type TestHub } from './harness/hub';
import { incidentInput, recordIncident, RECORD, type RecordedIncident, type RecordResult } from './fixtures/incidents';

const FIRST = 'NC0410200';
const SECOND = 'NC0410300';
const TEAM = 'NC0410900';
const ENV = {
  POLICE_AGENCIES: `${FIRST},${SECOND},${TEAM}`,
  ADVOCACY_AGENCIES: `ADV-FSP-01=${FIRST};ADV-OTHER-01=${SECOND}`,
  COORDINATION_AGENCIES: TEAM,
};
const HOUR = 3_600_000;
const day = (d: Date) => d.toISOString().slice(0, 10);

let t: TestHub;
let x: RecordedIncident; // the first department's record and charge
let y: RecordedIncident; // the second department's record and charge, two days later
let xAt: Date;
let yAt: Date;
const linkId = randomUUID();

/** Applies a person-link event to tiering's database, as the feed consumer would. */
async function applyLink(type: PersonLinkFeedEvent['type']): Promise<void> {
  const e: PersonLinkFeedEvent = {
    id: randomUUID(),
    type,
    recordedAt: t.clock.now().toISOString(),
    linkId,
    offenderIds: [x.offenderId, y.offenderId],
    agencies: [FIRST, SECOND],
  };
  const env = { config: t.config, log: createLogger('silent') };
  await t.hub.services.tiering.dataSource.transaction((m) => applyPersonLinkEvent(m, env, e, t.clock.now()));
}

type Assignment = {
  id: string;
  level: string;
  rule: string;
  explanation: string | null;
  incidents: { id: string; rmsNumber: string }[];
  otherAgencyIncidentCount: number;
};
type Tiered = { offender: { tier: Assignment | null; tierHistory: Assignment[] } };
const TIER = `query($id: ID!) { offender(id: $id) {
  tier { id level rule explanation incidents { id rmsNumber } otherAgencyIncidentCount }
  tierHistory { id level rule explanation incidents { id rmsNumber } otherAgencyIncidentCount } } }`;
const tierOf = (role: 'OFFICER' | 'COORDINATOR', agency: string, id: string) => t.query<Tiered>(role, TIER, { id }, { agency });

beforeAll(async () => {
  t = await startTestHub({ env: ENV });
  xAt = new Date(t.clock.now().getTime() - 72 * HOUR);
  yAt = new Date(t.clock.now().getTime() - 24 * HOUR);
  x = await recordIncident(t, { agencyOri: FIRST, offenderName: 'Dale Crossing', arrest: true, occurredAt: xAt });
  y = await recordIncident(t, { agencyOri: SECOND, offenderName: 'Dale Crossing', arrest: true, occurredAt: yAt });
  await t.drainFeeds('tiering');
});
afterAll(() => t.stop());

describe('one person across two departments', () => {
  it('counts both departments’ charges once coordinators link the records', async () => {
    const before = await tierOf('OFFICER', FIRST, x.offenderId);
    expect(ok(before).offender.tier).toMatchObject({ level: 'C', rule: 'FIRST_DV_CHARGE' });
    await applyLink('PERSONS_LINKED');
    const first = ok(await tierOf('OFFICER', FIRST, x.offenderId)).offender.tier!;
    const second = ok(await tierOf('OFFICER', SECOND, y.offenderId)).offender.tier!;
    expect(first).toMatchObject({ level: 'B', rule: 'SECOND_DV_CHARGE' });
    expect(second.id).toBe(first.id); // one tier: the person's
  });

  it('explains the tier to each department naming only its own incidents, the other’s as the agreement allows', async () => {
    const res = await tierOf('OFFICER', FIRST, x.offenderId);
    expect(res.errors).toBeUndefined();
    const tier = res.data!.offender.tier!;
    expect(tier.explanation).toContain(`${x.rmsNumber} on ${day(xAt)}`);
    expect(tier.explanation).toContain(`a DV charge recorded by ${SECOND} on ${day(yAt)}`);
    for (const denied of [y.rmsNumber, y.incidentId, '14-33', 'Assault on a female']) expect(res.text).not.toContain(denied);
    expect(tier.incidents).toEqual([{ id: x.incidentId, rmsNumber: x.rmsNumber }]);
    expect(tier.otherAgencyIncidentCount).toBe(1);

    const mirror = await tierOf('OFFICER', SECOND, y.offenderId);
    expect(mirror.errors).toBeUndefined();
    expect(mirror.data!.offender.tier!.explanation).toContain(`${y.rmsNumber} on ${day(yAt)}`);
    expect(mirror.data!.offender.tier!.explanation).toContain(`a DV charge recorded by ${FIRST} on ${day(xAt)}`);
    expect(mirror.text).not.toContain(x.rmsNumber);
  });

  it('keeps every readable field when the history names another department’s incidents (nothing nulled, no empty errors)', async () => {
    const res = await tierOf('OFFICER', FIRST, x.offenderId);
    expect(res.errors).toBeUndefined();
    const history = res.data!.offender.tierHistory;
    // Its own C, the second department's C (shared tier history, its incident counted only), the person's B.
    expect(history.map((a) => [a.level, a.incidents.length, a.otherAgencyIncidentCount])).toEqual([
      ['C', 1, 0],
      ['C', 0, 1],
      ['B', 1, 1],
    ]);
    expect(history.every((a) => a.explanation !== null)).toBe(true);
  });

  it('shows the other department’s pending notice as limited facts, and none of its flags', async () => {
    const Q = `query($id: ID!) { offender(id: $id) { notifications { id type status } partnerNotifications { agency type tierAtNotice dueAt status clearanceState }
      prosecutionFlags { tier bondRecommendation } } }`;
    type R = {
      offender: {
        notifications: { id: string; type: string; status: string }[];
        partnerNotifications: Record<string, unknown>[];
        prosecutionFlags: { tier: string }[];
      };
    };
    const owner = ok(await t.query<R>('OFFICER', Q, { id: y.offenderId }, { agency: SECOND })).offender;
    const callIn = owner.notifications.find((n) => n.type === 'CALL_IN')!;
    expect(callIn.status).toBe('PENDING');
    expect(owner.prosecutionFlags.map((f) => f.tier)).toEqual(['B']);
    expect(owner.partnerNotifications).toEqual([]); // the first department's C notice was superseded by the person's B

    const res = await t.query<R>('OFFICER', Q, { id: x.offenderId }, { agency: FIRST });
    const other = ok(res).offender;
    expect(other.notifications.map((n) => [n.type, n.status])).toEqual([['FACE_TO_FACE', 'SUPERSEDED']]);
    expect(other.partnerNotifications).toEqual([
      { agency: SECOND, type: 'CALL_IN', tierAtNotice: 'B', dueAt: expect.any(String), status: 'PENDING', clearanceState: 'PENDING' },
    ]);
    expect(other.prosecutionFlags).toEqual([]);
    expect(res.text).not.toContain(callIn.id);
  });
});

describe('who may act on a shared person', () => {
  let callInId: string;
  const WAIVE =
    'mutation($id: ID!) { waiveNotificationGate(input: { notificationId: $id, reason: "Court date tomorrow" }) { notification { clearance { state } } } }';
  const DELIVER =
    'mutation($id: ID!, $at: DateTime!) { recordNotificationDelivery(input: { notificationId: $id, deliveredAt: $at, outcome: DELIVERED }) { notification { status } } }';
  const RESCHEDULE =
    'mutation($id: ID!, $due: DateTime!) { rescheduleNotification(input: { notificationId: $id, dueAt: $due, reason: "Out of town" }) { notification { dueAt } } }';
  const OVERRIDE = 'mutation($id: ID!) { overrideTier(input: { offenderId: $id, level: D, justification: "Records mixed up" }) { assignment { level } } }';

  beforeAll(async () => {
    const res = await t.query<{ offender: { notifications: { id: string; type: string }[] } }>(
      'OFFICER',
      'query($id: ID!) { offender(id: $id) { notifications { id type } } }',
      { id: y.offenderId },
      { agency: SECOND },
    );
    callInId = ok(res).offender.notifications.find((n) => n.type === 'CALL_IN')!.id;
  });

  /** The answer for `id` is byte for byte the answer for an id that does not exist. */
  async function refusedLikeMissing(role: 'OFFICER' | 'COORDINATOR', agency: string, doc: string, vars: Record<string, unknown>, key = 'id') {
    const real = await t.query(role, doc, vars, { agency });
    const missing = await t.query(role, doc, { ...vars, [key]: randomUUID() }, { agency });
    expect(codes(real)).toEqual(['NOT_FOUND']);
    expect(withoutRequestIds(real.text)).toBe(withoutRequestIds(missing.text));
  }

  it('refuses the other department’s coordinator and officers exactly as for a missing record', async () => {
    const at = new Date(t.clock.now().getTime() - HOUR).toISOString();
    const due = new Date(t.clock.now().getTime() + 48 * HOUR).toISOString();
    await refusedLikeMissing('COORDINATOR', FIRST, WAIVE, { id: callInId });
    await refusedLikeMissing('OFFICER', FIRST, DELIVER, { id: callInId, at });
    await refusedLikeMissing('OFFICER', FIRST, RESCHEDULE, { id: callInId, due });
    // The person's tier was set by the second department's incident: the first may not override it, even through its own record.
    await refusedLikeMissing('COORDINATOR', FIRST, OVERRIDE, { id: x.offenderId });
    // Nor may the second department override through the first department's record.
    await refusedLikeMissing('COORDINATOR', SECOND, OVERRIDE, { id: x.offenderId });
    const history = await t.sql<{ kind: string }>('tiering', 'SELECT kind FROM notification_event WHERE notification_id = $1 ORDER BY seq', [callInId]);
    expect(history.map((h) => h.kind)).toEqual(['SCHEDULED']);
    expect(await t.sql('tiering', `SELECT 1 FROM tier_assignment WHERE rule = 'MANUAL_OVERRIDE'`)).toEqual([]);
  });

  it('lets the coordinating team waive, the owner deliver, and the owner’s coordinator override', async () => {
    const waived = await t.query<{ waiveNotificationGate: { notification: { clearance: { state: string } } } }>(
      'COORDINATOR',
      WAIVE,
      { id: callInId },
      { agency: TEAM },
    );
    expect(ok(waived).waiveNotificationGate.notification.clearance.state).toBe('WAIVED');
    const at = new Date(t.clock.now().getTime() - 60_000).toISOString();
    const delivered = await t.query<{ recordNotificationDelivery: { notification: { status: string } } }>(
      'OFFICER',
      DELIVER,
      { id: callInId, at },
      { agency: SECOND },
    );
    expect(ok(delivered).recordNotificationDelivery.notification.status).toBe('DELIVERED');
    const UP =
      'mutation($id: ID!) { overrideTier(input: { offenderId: $id, level: A, justification: "Strangulation reported by the DA" }) { assignment { level isOverride } } }';
    const up = await t.query<{ overrideTier: { assignment: { level: string } } }>('COORDINATOR', UP, { id: y.offenderId }, { agency: SECOND });
    expect(ok(up).overrideTier.assignment).toEqual({ level: 'A', isOverride: true });
    const shared = ok(await tierOf('OFFICER', FIRST, x.offenderId)).offender.tier!;
    expect(shared).toMatchObject({ level: 'A', rule: 'MANUAL_OVERRIDE' });
  });
  it('lets the coordinating team override through either record; the new notice stays whole with the owning department', async () => {
    const DOWN =
      'mutation($id: ID!) { overrideTier(input: { offenderId: $id, level: B, justification: "Felony charge dismissed" }) { assignment { level rule } } }';
    const res = await t.query<{ overrideTier: { assignment: { level: string; rule: string } } }>('COORDINATOR', DOWN, { id: x.offenderId }, { agency: TEAM });
    expect(ok(res).overrideTier.assignment).toEqual({ level: 'B', rule: 'MANUAL_OVERRIDE' });
    const QUEUE = '{ notificationQueue { edges { node { type tierAtNotice offender { id name } assignment { level rule } } } } }';
    const queue = await t.query<{ notificationQueue: { edges: { node: unknown }[] } }>('OFFICER', QUEUE, {}, { agency: SECOND });
    expect(queue.errors).toBeUndefined();
    expect(queue.data!.notificationQueue.edges.map((e) => e.node)).toEqual([
      { type: 'CALL_IN', tierAtNotice: 'B', offender: { id: y.offenderId, name: 'Dale Crossing' }, assignment: { level: 'B', rule: 'MANUAL_OVERRIDE' } },
    ]);
  });

  it('keeps the owner’s referrals and letter language out of the other department’s reach', async () => {
    const offered = await t.sql<{ id: string }>('tiering', 'SELECT id FROM offender_service_referral WHERE notification_id = $1 ORDER BY service', [callInId]);
    expect(offered.length).toBeGreaterThan(0);
    const UPDATE = 'mutation($id: ID!) { updateOffenderServiceReferral(input: { referralId: $id, status: ACCEPTED }) { referral { status } } }';
    const LANG = 'mutation($id: ID!) { setPreferredLanguage(input: { offenderId: $id, language: ES }) { offender { id } } }';
    await refusedLikeMissing('COORDINATOR', FIRST, UPDATE, { id: offered[0]!.id });
    await refusedLikeMissing('OFFICER', FIRST, LANG, { id: y.offenderId });
    const REFERRALS = 'query($id: ID!) { offender(id: $id) { serviceReferrals { id status } } }';
    type R = { offender: { serviceReferrals: { id: string; status: string }[] } };
    expect(ok(await t.query<R>('OFFICER', REFERRALS, { id: x.offenderId }, { agency: FIRST })).offender.serviceReferrals).toEqual([]);
    const accepted = await t.query<{ updateOffenderServiceReferral: { referral: { status: string } } }>(
      'OFFICER',
      UPDATE,
      { id: offered[0]!.id },
      { agency: SECOND },
    );
    expect(ok(accepted).updateOffenderServiceReferral.referral.status).toBe('ACCEPTED');
    expect(ok(await t.query('OFFICER', LANG, { id: y.offenderId }, { agency: SECOND }))).toEqual({ setPreferredLanguage: { offender: { id: y.offenderId } } });
  });
});

describe('agency arguments', () => {
  const QUEUE = 'query($agency: String) { notificationQueue(filter: { agency: $agency }) { totalCount } }';

  it('accepts a configured agency in any case and refuses an unknown one without echoing it', async () => {
    const lower = await t.query<{ notificationQueue: { totalCount: number } }>('OFFICER', QUEUE, { agency: SECOND.toLowerCase() }, { agency: SECOND });
    expect(ok(lower).notificationQueue.totalCount).toBe(1); // the person's B notice after the team's override
    const unknown = await t.query('OFFICER', QUEUE, { agency: 'NC0499999' }, { agency: SECOND });
    expect(codes(unknown)).toEqual(['BAD_USER_INPUT']);
    expect(unknown.errors![0]!.extensions!.field).toBe('filter.agency');
    expect(unknown.text).not.toContain('NC0499999');
  });
});

describe('undoing a link', () => {
  it('keeps the tier the person had on each record, and still names only what each department may see', async () => {
    await applyLink('PERSONS_UNLINKED');
    const res = await tierOf('OFFICER', FIRST, x.offenderId);
    expect(res.errors).toBeUndefined();
    const tier = res.data!.offender.tier!;
    expect(tier).toMatchObject({ level: 'B', rule: 'PERSONS_UNLINKED' });
    expect(res.text).not.toContain(y.rmsNumber);
    const second = ok(await tierOf('OFFICER', SECOND, y.offenderId)).offender.tier!;
    expect(second).toMatchObject({ level: 'B', rule: 'MANUAL_OVERRIDE' });
    // Apart again: the second department's history no longer includes the first department's assignments.
    const history = ok(await tierOf('OFFICER', SECOND, y.offenderId)).offender.tierHistory;
    expect(history.map((a) => [a.level, a.rule])).toEqual([
      ['C', 'FIRST_DV_CHARGE'],
      ['B', 'SECOND_DV_CHARGE'],
      ['A', 'MANUAL_OVERRIDE'],
      ['B', 'MANUAL_OVERRIDE'],
    ]);
    // The first department's record is its own person again: its coordinator may now correct the tier it kept.
    const DOWN =
      'mutation($id: ID!) { overrideTier(input: { offenderId: $id, level: C, justification: "Only our own charge remains" }) { assignment { level } } }';
    expect(
      ok(await t.query<{ overrideTier: { assignment: { level: string } } }>('COORDINATOR', DOWN, { id: x.offenderId }, { agency: FIRST })).overrideTier
        .assignment.level,
    ).toBe('C');
    expect(ok(await tierOf('OFFICER', SECOND, y.offenderId)).offender.tier!.level).toBe('B');
  });
});

describe('a link to a record with a lower tier', () => {
  it('carries the higher tier over to the person without a second notice, and supersedes the lower one', async () => {
    const at = (h: number) => new Date(t.clock.now().getTime() - h * HOUR);
    const p1 = await recordIncident(t, { agencyOri: FIRST, offenderName: 'Carry Over', arrest: true, occurredAt: at(200) });
    await recordIncident(t, { agencyOri: FIRST, offenderId: p1.offenderId, arrest: true, occurredAt: at(150) });
    const q = await recordIncident(t, { agencyOri: SECOND, offenderName: 'Carry Over', occurredAt: at(10) });
    await t.drainFeeds('tiering');
    const e: PersonLinkFeedEvent = {
      id: randomUUID(),
      type: 'PERSONS_LINKED',
      recordedAt: t.clock.now().toISOString(),
      linkId: randomUUID(),
      offenderIds: [p1.offenderId, q.offenderId],
      agencies: [FIRST, SECOND],
    };
    await t.hub.services.tiering.dataSource.transaction((m) => applyPersonLinkEvent(m, { config: t.config, log: createLogger('silent') }, e, t.clock.now()));

    const Q = `query($id: ID!) { offender(id: $id) { tier { level rule explanation otherAgencyIncidentCount } notifications { type status } partnerNotifications { agency type tierAtNotice } } }`;
    type R = {
      offender: {
        tier: { level: string; rule: string; explanation: string; otherAgencyIncidentCount: number };
        notifications: { type: string; status: string }[];
        partnerNotifications: unknown[];
      };
    };
    const res = await t.query<R>('OFFICER', Q, { id: q.offenderId }, { agency: SECOND });
    const second = ok(res).offender;
    expect(second.tier).toMatchObject({ level: 'B', rule: 'PERSONS_LINKED', otherAgencyIncidentCount: 2 });
    expect(second.tier.explanation).toContain(`a DV charge recorded by ${FIRST} on ${day(at(200))}`);
    expect(res.text).not.toContain(p1.rmsNumber);
    expect(second.notifications).toEqual([{ type: 'LETTER', status: 'SUPERSEDED' }]);
    expect(second.partnerNotifications).toEqual([{ agency: FIRST, type: 'CALL_IN', tierAtNotice: 'B' }]);
  });
});

describe('a link confirmed through the gateway', () => {
  it('counts both departments’ charges once a coordinator confirms the candidate', async () => {
    const person = { name: 'Marlo Samefellow', dateOfBirth: '1984-09-17' };
    const at = (h: number) => new Date(t.clock.now().getTime() - h * HOUR).toISOString();
    const record = (agencyOri: string, h: number) =>
      t.query<RecordResult>(
        'OFFICER',
        RECORD,
        { input: incidentInput({ agencyOri, offender: person, occurredAt: at(h), reportedAt: at(h), weapon: null, injury: null }) },
        { agency: agencyOri },
      );
    const a = ok(await record(FIRST, 96)).recordIncident.incident;
    const b = ok(await record(SECOND, 30)).recordIncident.incident;
    expect(b.offenders[0]!.id).not.toBe(a.offenders[0]!.id); // a candidate, not a link
    await t.drainFeeds('tiering'); // tiering's readers only: nothing here asks victim-services
    expect(ok(await tierOf('OFFICER', FIRST, a.offenders[0]!.id)).offender.tier).toMatchObject({ level: 'C' });

    type Candidates = { personLinkCandidates: { edges: { node: { id: string; existing: { agency: string }; proposed: { agency: string } } }[] } };
    const list = await t.query<Candidates>(
      'COORDINATOR',
      '{ personLinkCandidates(filter: { status: PENDING }) { edges { node { id existing { agency } proposed { agency } } } } }',
      {},
      { agency: FIRST },
    );
    const candidate = ok(list)
      .personLinkCandidates.edges.map((e) => e.node)
      .find((n) => n.existing.agency === FIRST && n.proposed.agency === SECOND)!;
    const CONFIRM = 'mutation($id: ID!) { confirmPersonLink(input: { candidateId: $id, justification: "Same person: booking photos match" }) { link { id } } }';
    ok(await t.query('COORDINATOR', CONFIRM, { id: candidate.id }, { agency: FIRST }));
    await t.drainFeeds('tiering'); // the link event, by tiering's person-link reader

    const res = await tierOf('OFFICER', FIRST, a.offenders[0]!.id);
    expect(res.errors).toBeUndefined();
    expect(res.data!.offender.tier).toMatchObject({ level: 'B', rule: 'SECOND_DV_CHARGE', otherAgencyIncidentCount: 1 });
    expect(res.data!.offender.tier!.explanation).toContain(`a DV charge recorded by ${SECOND}`);
    expect(res.text).not.toContain(b.rmsNumber);
  });
});

describe('a narrower sharing agreement (RMS numbers and charges only: no tier levels, history or notices)', () => {
  let n: TestHub;
  let a: RecordedIncident;
  let b: RecordedIncident;
  beforeAll(async () => {
    n = await startTestHub({ env: { ...ENV, PARTNERSHIP_SHARING: 'RMS_NUMBERS,CHARGES' } });
    a = await recordIncident(n, { agencyOri: FIRST, offenderName: 'Nel Narrow', arrest: true, occurredAt: new Date(n.clock.now().getTime() - 72 * HOUR) });
    b = await recordIncident(n, { agencyOri: SECOND, offenderName: 'Nel Narrow', arrest: true, occurredAt: new Date(n.clock.now().getTime() - 24 * HOUR) });
    await n.drainFeeds('tiering');
    const e: PersonLinkFeedEvent = {
      id: randomUUID(),
      type: 'PERSONS_LINKED',
      recordedAt: n.clock.now().toISOString(),
      linkId: randomUUID(),
      offenderIds: [a.offenderId, b.offenderId],
      agencies: [FIRST, SECOND],
    };
    await n.hub.services.tiering.dataSource.transaction((m) => applyPersonLinkEvent(m, { config: n.config, log: createLogger('silent') }, e, n.clock.now()));
  });
  afterAll(() => n.stop());

  it('shows each department only the tiers it set, and names the other’s incident with the RMS number and charge it shares', async () => {
    const Q = `query($id: ID!) { offender(id: $id) { tier { level rule explanation otherAgencyIncidentCount } tierHistory { level } partnerNotifications { agency } } }`;
    type R = {
      offender: {
        tier: { level: string; rule: string; explanation: string; otherAgencyIncidentCount: number };
        tierHistory: { level: string }[];
        partnerNotifications: unknown[];
      };
    };
    const first = ok(await n.query<R>('OFFICER', Q, { id: a.offenderId }, { agency: FIRST })).offender;
    expect(first.tier).toMatchObject({ level: 'C', rule: 'FIRST_DV_CHARGE', otherAgencyIncidentCount: 0 });
    expect(first.tierHistory.map((h) => h.level)).toEqual(['C']);
    expect(first.partnerNotifications).toEqual([]);
    const second = ok(await n.query<R>('OFFICER', Q, { id: b.offenderId }, { agency: SECOND })).offender;
    expect(second.tier).toMatchObject({ level: 'B', rule: 'SECOND_DV_CHARGE', otherAgencyIncidentCount: 1 });
    expect(second.tier.explanation).toContain(`a DV charge recorded by ${FIRST} on`);
    expect(second.tier.explanation).toContain(`(RMS ${a.rmsNumber}) (charges: 14-33(c)(2) Assault on a female)`);
  });
});
