/** Coordinator and police workflow around notifications: overrides, waivers, reschedules, the queue, letters, policy versions. */
import { codes, startTestHub, type TestHub } from './harness/hub';
import { hoursAgo, recordIncident } from './fixtures/incidents';

let t: TestHub;
let dOffender: string;
let letterId: string;
beforeAll(async () => {
  t = await startTestHub({ env: { POLICE_AGENCIES: 'NC0410200,NC0999999' } });
  for (let i = 0; i < 4; i++) await recordIncident(t, { offenderName: `Queue Person ${i}`, occurredAt: hoursAgo(60 - i * 10) });
  ({ offenderId: dOffender } = await recordIncident(t, { offenderName: 'Lorenzo Cartas', occurredAt: hoursAgo(2), victims: [{ name: 'Paloma Secreta' }] }));
  await recordIncident(t, { offenderName: 'Charged Person', occurredAt: hoursAgo(2), arrest: true });
  await t.drainFeeds('tiering');
  const res = await t.query<{ offender: { notifications: { id: string }[] } }>('OFFICER', 'query($id: ID!) { offender(id: $id) { notifications { id } } }', {
    id: dOffender,
  });
  letterId = res.data!.offender.notifications[0]!.id;
});
afterAll(() => t.stop());

type Queue = {
  notificationQueue: {
    totalCount: number;
    edges: { node: { type: string; dueAt: string; overdue: boolean } }[];
    pageInfo: { endCursor: string; hasNextPage: boolean };
  };
};
const QUEUE = `query($first: Int, $after: String, $overdueOnly: Boolean, $type: NotificationType, $agency: String, $within: Int) {
  notificationQueue(first: $first, after: $after, filter: { overdueOnly: $overdueOnly, type: $type, agency: $agency, dueWithinHours: $within }) {
    totalCount edges { node { type dueAt overdue } } pageInfo { endCursor hasNextPage } } }`;
/** The first release's loose arguments, kept as deprecated aliases of the filter. */
const QUEUE_DEPRECATED = `query($overdueOnly: Boolean, $within: Int) {
  notificationQueue(overdueOnly: $overdueOnly, dueWithinHours: $within) { totalCount edges { node { type dueAt overdue } } pageInfo { endCursor hasNextPage } } }`;

describe('the notification work queue', () => {
  it('lists pending notifications soonest first, pages without repeats, and filters', async () => {
    const all = await t.query<Queue>('OFFICER', QUEUE, { first: 3 });
    expect(all.errors).toBeUndefined();
    expect(all.data!.notificationQueue.totalCount).toBe(6);
    const next = await t.query<Queue>('OFFICER', QUEUE, { first: 3, after: all.data!.notificationQueue.pageInfo.endCursor });
    const dues = [...all.data!.notificationQueue.edges, ...next.data!.notificationQueue.edges].map((e) => e.node.dueAt);
    expect(dues).toEqual([...dues].sort());
    expect(new Set(dues).size).toBeGreaterThan(1);
    const overdue = await t.query<Queue>('OFFICER', QUEUE, { overdueOnly: true });
    expect(overdue.data!.notificationQueue.totalCount).toBe(2); // incidents 60 h and 50 h ago: letters were due at +48 h
    expect(overdue.data!.notificationQueue.edges.every((e) => e.node.overdue)).toBe(true);
    const faceToFace = await t.query<Queue>('DV_DETECTIVE', QUEUE, { type: 'FACE_TO_FACE' });
    expect(faceToFace.data!.notificationQueue.edges.map((e) => e.node.type)).toEqual(['FACE_TO_FACE']);
    const soon = await t.query<Queue>('OFFICER', QUEUE, { within: 12 });
    expect(soon.data!.notificationQueue.totalCount).toBe(3);
  });

  it('still answers the deprecated loose arguments like the filter, and names the filter field of a bad value', async () => {
    const overdue = await t.query<Queue>('OFFICER', QUEUE_DEPRECATED, { overdueOnly: true });
    expect(overdue.errors).toBeUndefined();
    expect(overdue.data!.notificationQueue.totalCount).toBe(2);
    const bad = await t.query<Queue>('OFFICER', QUEUE, { within: -1, agency: 'NC0499999' });
    expect(codes(bad)).toEqual(['BAD_USER_INPUT']);
    const problems = (bad.errors![0]!.extensions as { problems?: { field: string; reason: string }[] }).problems ?? [];
    expect(problems.map((p) => p.field).sort()).toEqual(['filter.agency', 'filter.dueWithinHours']);
    expect(bad.errors![0]!.message).toContain('filter.dueWithinHours: must be a whole number of hours from 0 to 8760');
    expect(bad.text).not.toContain('NC0499999');
    const deprecated = await t.query<Queue>('OFFICER', QUEUE_DEPRECATED, { within: -1 });
    expect(deprecated.errors![0]!.extensions!.field).toBe('dueWithinHours');
  });

  it("shows another agency's officers nothing, even when they name this agency", async () => {
    const other = await t.query<Queue>('OFFICER', QUEUE, { agency: 'NC0410200' }, { agency: 'NC0999999' });
    expect(other.data!.notificationQueue.totalCount).toBe(0);
    const notFound = await t.query<{ notification: unknown }>(
      'OFFICER',
      'query($id: ID!) { notification(id: $id) { id } }',
      { id: letterId },
      { agency: 'NC0999999' },
    );
    expect(notFound.data!.notification).toBeNull();
  });

  it('lets advocates see the queue dates they need, but not letters', async () => {
    const adv = await t.query<{ notification: { dueAt: string; letter: unknown } }>(
      'ADVOCATE',
      'query($id: ID!) { notification(id: $id) { dueAt letter { html } } }',
      { id: letterId },
    );
    expect(adv.data!.notification.dueAt).toEqual(expect.any(String));
    expect(adv.data!.notification.letter).toBeNull();
    expect(codes(adv)).toEqual(['FORBIDDEN']);
  });
});

describe('the victim-first clearance, waivers and reschedules', () => {
  const WAIVE =
    'mutation($id: ID!, $r: String!) { waiveNotificationGate(input: { notificationId: $id, reason: $r }) { notification { clearance { state deadline } } } }';
  const RESCHEDULE =
    'mutation($id: ID!, $due: DateTime!, $r: String!) { rescheduleNotification(input: { notificationId: $id, dueAt: $due, reason: $r }) { notification { dueAt history { kind reason } } } }';

  it('needs a coordinator and a reason to waive, and is audited', async () => {
    expect(codes(await t.query('DV_DETECTIVE', WAIVE, { id: letterId, r: 'urgent' }))).toEqual(['FORBIDDEN']);
    const blank = await t.query('COORDINATOR', WAIVE, { id: letterId, r: '  ' });
    expect(codes(blank)).toEqual(['BAD_USER_INPUT']);
    expect(blank.errors![0]!.extensions!.field).toBe('input.reason');
    const ok = await t.query<{ waiveNotificationGate: { notification: { clearance: { state: string } } } }>('COORDINATOR', WAIVE, {
      id: letterId,
      r: 'Imminent court date; advocates unreachable',
    });
    expect(ok.data!.waiveNotificationGate.notification.clearance.state).toBe('WAIVED');
    const audit = await t.sql<{ outcome: string }>(
      'tiering',
      `SELECT outcome FROM audit_event WHERE field_path = 'Mutation.waiveNotificationGate' AND $1 = ANY(entity_ids)`,
      [letterId],
    );
    expect(audit.map((a) => a.outcome)).toEqual(['WRITTEN']);
  });

  it('records an unsuccessful attempt, then reschedules with a reason', async () => {
    const attempt = await t.query(
      'OFFICER',
      'mutation($id: ID!, $at: DateTime!) { recordNotificationDelivery(input: { notificationId: $id, deliveredAt: $at, outcome: NOT_LOCATED }) { notification { status outcome } } }',
      {
        id: letterId,
        at: hoursAgo(0.5).toISOString(),
      },
    );
    expect(attempt.data).toEqual({ recordNotificationDelivery: { notification: { status: 'PENDING', outcome: 'NOT_LOCATED' } } });
    const due = new Date(Date.now() + 72 * 3600_000).toISOString();
    expect(codes(await t.query('OFFICER', RESCHEDULE, { id: letterId, due, r: '' }))).toEqual(['BAD_USER_INPUT']);
    const twice = await t.query('OFFICER', RESCHEDULE, { id: letterId, due: hoursAgo(1).toISOString(), r: '  ' });
    expect(codes(twice)).toEqual(['BAD_USER_INPUT']);
    expect((twice.errors![0]!.extensions as { problems: unknown }).problems).toEqual([
      { field: 'input.dueAt', reason: 'must be in the future' },
      { field: 'input.reason', reason: 'must not be empty' },
    ]);
    const moved = await t.query<{ rescheduleNotification: { notification: { dueAt: string; history: { kind: string; reason: string | null }[] } } }>(
      'OFFICER',
      RESCHEDULE,
      {
        id: letterId,
        due,
        r: 'Not at home; try the workplace',
      },
    );
    expect(moved.data!.rescheduleNotification.notification.dueAt).toBe(due);
    expect(moved.data!.rescheduleNotification.notification.history.map((h) => h.kind)).toEqual(['SCHEDULED', 'GATE_WAIVED', 'DELIVERY_ATTEMPT', 'RESCHEDULED']);
  });
});

describe('letters', () => {
  const LETTER = 'query($id: ID!) { notification(id: $id) { letter { html pdfBase64 templateVersion language } } }';
  type Letter = { notification: { letter: { html: string; pdfBase64: string; templateVersion: string; language: string } } };

  it('renders HTML and PDF naming the offender and the conduct, never the victim', async () => {
    const res = await t.query<Letter>('OFFICER', LETTER, { id: letterId });
    expect(res.errors).toBeUndefined();
    const l = res.data!.notification.letter;
    expect(l).toMatchObject({ templateVersion: 'letters-2026-1', language: 'EN' });
    expect(l.html).toContain('Lorenzo Cartas');
    expect(l.html).toContain('simple assault');
    expect(l.html).toContain('batterer intervention');
    expect(Buffer.from(l.pdfBase64, 'base64').subarray(0, 5).toString()).toBe('%PDF-');
    expect(res.text).not.toContain('Paloma');
  });

  it("uses the offender's preferred language", async () => {
    const set = await t.query(
      'OFFICER',
      'mutation($id: ID!) { setPreferredLanguage(input: { offenderId: $id, language: ES }) { offender { preferredLanguage } } }',
      { id: dOffender },
    );
    expect(set.data).toEqual({ setPreferredLanguage: { offender: { preferredLanguage: 'ES' } } });
    const l = (await t.query<Letter>('OFFICER', LETTER, { id: letterId })).data!.notification.letter;
    expect(l.language).toBe('ES');
    expect(l.html).toContain('agresión simple');
    expect(l.html).toContain('lang="es"');
  });
});

describe('overrides and policy versions', () => {
  const OVERRIDE =
    'mutation($id: ID!, $j: String!) { overrideTier(input: { offenderId: $id, level: B, justification: $j }) { assignment { level isOverride justification } } }';

  it('needs a justification, is coordinator-only, audited, and shows as an override', async () => {
    const blank = await t.query('COORDINATOR', OVERRIDE, { id: dOffender, j: '' });
    expect(codes(blank)).toEqual(['BAD_USER_INPUT']);
    expect(blank.errors![0]!.extensions!.field).toBe('input.justification');
    expect(codes(await t.query('OFFICER', OVERRIDE, { id: dOffender, j: 'because' }))).toEqual(['FORBIDDEN']);
    const ok = await t.query('COORDINATOR', OVERRIDE, { id: dOffender, j: 'Stalking pattern reported by the DA' });
    expect(ok.data).toEqual({ overrideTier: { assignment: { level: 'B', isOverride: true, justification: 'Stalking pattern reported by the DA' } } });
    const hist = await t.query<{ offender: { tierHistory: { level: string; rule: string }[]; notifications: { type: string; status: string }[] } }>(
      'OFFICER',
      'query($id: ID!) { offender(id: $id) { tierHistory { level rule } notifications { type status } } }',
      { id: dOffender },
    );
    expect(hist.data!.offender.tierHistory).toEqual([
      { level: 'D', rule: 'DV_CALL_NO_ARREST' },
      { level: 'B', rule: 'MANUAL_OVERRIDE' },
    ]);
    expect(hist.data!.offender.notifications).toEqual([
      { type: 'LETTER', status: 'SUPERSEDED' },
      { type: 'CALL_IN', status: 'PENDING' },
    ]);
    const audit = await t.sql('tiering', `SELECT 1 FROM audit_event WHERE field_path = 'Mutation.overrideTier' AND $1 = ANY(entity_ids)`, [dOffender]);
    expect(audit).toHaveLength(1);
  });

  it('publishes immutable versions (coordinators only) and records the version each assignment used', async () => {
    type Policy = { tiers: Record<string, Record<string, unknown>> } & Record<string, unknown>;
    const active = await t.query<{ activeTierPolicy: { version: string; rules: Policy } }>('COORDINATOR', '{ activeTierPolicy { version rules } }');
    const rules = active.data!.activeTierPolicy.rules;
    const PUBLISH = 'mutation($v: String!, $r: JSON!) { publishTierPolicy(input: { version: $v, rules: $r }) { policy { version summary } } }';
    expect(codes(await t.query('DV_DETECTIVE', PUBLISH, { v: 'site-2', r: rules }))).toEqual(['FORBIDDEN']);
    const bad = await t.query('COORDINATOR', PUBLISH, {
      v: 'site-2',
      r: { ...rules, tiers: { ...rules.tiers, C: { ...rules.tiers.C, notification: 'EMAIL' } } },
    });
    expect(bad.errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.rules.tiers.C.notification' });
    const site = { ...rules, summary: 'Site policy 2: C notices within 24 h.', tiers: { ...rules.tiers, C: { ...rules.tiers.C, dueHours: 24 } } };
    const ok = await t.query('COORDINATOR', PUBLISH, { v: 'site-2', r: site });
    expect(ok.data).toEqual({ publishTierPolicy: { policy: { version: 'site-2', summary: 'Site policy 2: C notices within 24 h.' } } });
    expect(codes(await t.query('COORDINATOR', PUBLISH, { v: 'site-2', r: site }))).toEqual(['CONFLICT']);
    const c = await recordIncident(t, { offenderName: 'New Policy Person', occurredAt: hoursAgo(1), arrest: true });
    await t.drainFeeds('tiering');
    const res = await t.query<{ offender: { tier: { policyVersion: string; explanation: string } } }>(
      'OFFICER',
      'query($id: ID!) { offender(id: $id) { tier { policyVersion explanation } } }',
      { id: c.offenderId },
    );
    expect(res.data!.offender.tier.policyVersion).toBe('site-2');
    expect(res.data!.offender.tier.explanation).toContain('site-2');
    const versions = await t.query<{ tierPolicies: { totalCount: number; edges: { node: { version: string } }[] } }>(
      'OFFICER',
      '{ tierPolicies { totalCount edges { node { version } } } }',
    );
    expect(versions.data!.tierPolicies.edges.map((e) => e.node.version)).toEqual(['site-2', 'high-point-default-1']);
    const [published] = await t.sql<{ at: Date }>('tiering', `SELECT published_at AS at FROM tier_policy WHERE version = 'site-2'`);
    const FILTERED = 'query($f: TierPolicyFilter) { tierPolicies(filter: $f) { totalCount edges { node { version } } } }';
    type Versions = { tierPolicies: { totalCount: number; edges: { node: { version: string } }[] } };
    const since = await t.query<Versions>('OFFICER', FILTERED, { f: { publishedSince: published!.at.toISOString() } });
    expect(since.data!.tierPolicies).toEqual({ totalCount: 1, edges: [{ node: { version: 'site-2' } }] });
    const before = await t.query<Versions>('OFFICER', FILTERED, { f: { publishedBefore: published!.at.toISOString() } });
    expect(before.data!.tierPolicies).toEqual({ totalCount: 1, edges: [{ node: { version: 'high-point-default-1' } }] });
  });
});
