/**
 * A call-in session end to end through the gateway (issue 14): a coordinator lists tier B offenders
 * of the demo agency on the roster, schedules a session with its speakers, invites three, and records
 * attendance: the two who came get their CALL_IN notifications delivered through the one delivery path
 * (victim-first clearance, offer of help), the third shows as missed, rescheduled by the site's policy,
 * and detectives see it.
 */
import { DEMO_POLICE_ORI } from '@ipvi/core';
import { codes, ok, startTestHub, type TestHub } from './harness/hub';
import { hoursAgo, recordIncident } from './fixtures/incidents';

let t: TestHub;
const tierB: string[] = [];
let tierC = '';

beforeAll(async () => {
  t = await startTestHub();
  for (let n = 0; n < 3; n++) {
    const first = await recordIncident(t, { offenderName: `Callin Offender${n}`, arrest: true, occurredAt: hoursAgo(50) });
    await recordIncident(t, { offenderId: first.offenderId, arrest: true, occurredAt: hoursAgo(26) });
    tierB.push(first.offenderId);
  }
  tierC = (await recordIncident(t, { offenderName: 'Callin Onecharge', arrest: true, occurredAt: hoursAgo(20) })).offenderId;
  await t.drainFeeds('tiering');
});
afterAll(() => t.stop());

const ROSTER = `query($filter: TierRosterFilter) { tierRoster(first: 50, filter: $filter) {
  totalCount edges { node { level assignedAt offender { id name } } } } }`;
type Roster = { tierRoster: { totalCount: number; edges: { node: { level: string; offender: { id: string; name: string } } }[] } };

const SESSION_FIELDS = `id agency startsAt place speakers { role name organisation }
  invitations { offender { id name } attendance rescheduledTo notification { id type status dueAt } }`;
type Invitation = {
  offender: { id: string; name: string };
  attendance: string;
  rescheduledTo: string | null;
  notification: { id: string; type: string; status: string; dueAt: string };
};
type Session = { id: string; agency: string; speakers: { role: string; name: string }[]; invitations: Invitation[] };

const SCHEDULE = `mutation($input: ScheduleCallInSessionInput!) { scheduleCallInSession(input: $input) { session { ${SESSION_FIELDS} } } }`;
const INVITE = `mutation($input: InviteToCallInInput!) { inviteToCallIn(input: $input) { session { ${SESSION_FIELDS} } } }`;
const ATTEND = `mutation($input: RecordCallInAttendanceInput!) { recordCallInAttendance(input: $input) { session { ${SESSION_FIELDS} } } }`;
const SESSION = `query($id: ID!) { callInSession(id: $id) { ${SESSION_FIELDS} } }`;

const SPEAKERS = [
  { role: 'POLICE', name: 'Lt. Ann Harper', organisation: 'High Point Police Department' },
  { role: 'PROSECUTOR', name: 'Sam Reyes', organisation: 'Guilford County DA' },
  { role: 'PROBATION', name: 'Jo Patel', organisation: 'NC Community Corrections' },
  { role: 'COMMUNITY_MEMBER', name: 'Rev. Lorraine Banks', organisation: 'First Baptist' },
  { role: 'VICTIM_VOICE', name: 'Maria S.', organisation: null },
  { role: 'SERVICE_PROVIDER', name: 'Kim Lowe', organisation: 'HPCAV' },
];

describe('a call-in session, end to end', () => {
  let session: Session;

  it('lists the tier B offenders of the demo agency on the roster, newest first, with their names from incidents', async () => {
    const res = ok(await t.query<Roster>('COORDINATOR', ROSTER, { filter: { tiers: ['B'], agency: DEMO_POLICE_ORI.toLowerCase() } }));
    expect(res.tierRoster.totalCount).toBe(3);
    expect(res.tierRoster.edges.map((e) => e.node.offender.id).sort()).toEqual([...tierB].sort());
    expect(res.tierRoster.edges.every((e) => e.node.level === 'B' && e.node.offender.name.startsWith('Callin Offender'))).toBe(true);
    const all = ok(await t.query<Roster>('COORDINATOR', ROSTER, {}));
    expect(all.tierRoster.edges.map((e) => e.node.offender.id)[0]).toBe(tierC); // the newest assignment first
  });

  it('lets a coordinator (only) schedule a session with who speaks for whom', async () => {
    const input = { startsAt: new Date(t.clock.now().getTime() + 3600_000).toISOString(), place: 'High Point Library, Room 2', speakers: SPEAKERS };
    expect(codes(await t.query('DV_DETECTIVE', SCHEDULE, { input }))).toEqual(['FORBIDDEN']);
    const bad = await t.query('COORDINATOR', SCHEDULE, { input: { ...input, speakers: [] } });
    expect(bad.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'input.speakers',
      problems: [{ field: 'input.speakers', reason: 'must hold at least one item' }],
    });
    session = ok(await t.query<{ scheduleCallInSession: { session: Session } }>('COORDINATOR', SCHEDULE, { input })).scheduleCallInSession.session;
    expect(session.agency).toBe(DEMO_POLICE_ORI);
    expect(session.speakers.map((s) => s.role)).toEqual(SPEAKERS.map((s) => s.role));
  });

  it('invites three tier B offenders with their open CALL_IN notifications, and refuses one without', async () => {
    const refused = await t.query('COORDINATOR', INVITE, { input: { sessionId: session.id, offenderIds: [tierB[0], tierC] } });
    expect(refused.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'input.offenderIds[1]',
      problems: [{ field: 'input.offenderIds[1]', reason: "has no open CALL_IN notification of the session's agency" }],
    });
    session = ok(await t.query<{ inviteToCallIn: { session: Session } }>('COORDINATOR', INVITE, { input: { sessionId: session.id, offenderIds: tierB } }))
      .inviteToCallIn.session;
    expect(session.invitations).toHaveLength(3);
    expect(session.invitations.every((i) => i.attendance === 'INVITED' && i.notification.type === 'CALL_IN' && i.notification.status === 'PENDING')).toBe(true);
  });

  it('records attendance only once the session started and the victim-first clearance is open', async () => {
    const came = { sessionId: session.id, attendance: [{ offenderId: tierB[0], attended: true }] };
    expect(codes(await t.query('COORDINATOR', ATTEND, { input: came }))).toEqual(['CONFLICT']); // not started
    t.clock.advance(2 * 3600_000);
    expect(codes(await t.query('COORDINATOR', ATTEND, { input: came }))).toEqual(['CONFLICT']); // clearance PENDING
  });

  it('delivers the CALL_IN notifications of the two who came, and records the third as missed and rescheduled', async () => {
    const byOffender = new Map(session.invitations.map((i) => [i.offender.id, i]));
    for (const id of tierB.slice(0, 2)) {
      ok(
        await t.query('ADVOCATE', 'mutation($id: ID!) { clearNotification(input: { notificationId: $id }) { notification { id } } }', {
          id: byOffender.get(id)!.notification.id,
        }),
      );
    }
    await t.drainFeeds('tiering');
    const input = {
      sessionId: session.id,
      attendance: [
        { offenderId: tierB[0], attended: true },
        { offenderId: tierB[1], attended: true },
        { offenderId: tierB[2], attended: false },
      ],
    };
    const after = ok(await t.query<{ recordCallInAttendance: { session: Session } }>('COORDINATOR', ATTEND, { input })).recordCallInAttendance.session;
    const state = new Map(after.invitations.map((i) => [i.offender.id, i]));
    expect([0, 1].map((n) => [state.get(tierB[n]!)!.attendance, state.get(tierB[n]!)!.notification.status])).toEqual([
      ['ATTENDED', 'DELIVERED'],
      ['ATTENDED', 'DELIVERED'],
    ]);
    const missed = state.get(tierB[2]!)!;
    expect(missed).toMatchObject({ attendance: 'MISSED', notification: { status: 'PENDING' } });
    const days = (Date.parse(missed.rescheduledTo!) - t.clock.now().getTime()) / 86_400_000;
    expect(days).toBeGreaterThan(13.9);
    expect(missed.notification.dueAt).toBe(missed.rescheduledTo);
    expect(codes(await t.query('COORDINATOR', ATTEND, { input: { sessionId: session.id, attendance: [{ offenderId: tierB[0], attended: true }] } }))).toEqual([
      'CONFLICT',
    ]);
  });

  it('delivered through the one ledger: the delivery attempt and the offer of help are on the offender', async () => {
    const q = `query($id: ID!) { offender(id: $id) { serviceReferrals { service status }
      notifications { type status history { kind outcome reason } } } }`;
    type O = {
      offender: {
        serviceReferrals: { status: string }[];
        notifications: { type: string; status: string; history: { kind: string; outcome: string | null; reason: string | null }[] }[];
      };
    };
    const came = ok(await t.query<O>('OFFICER', q, { id: tierB[0] })).offender;
    const callIn = came.notifications.find((n) => n.type === 'CALL_IN')!;
    expect(callIn.history.map((h) => [h.kind, h.outcome])).toContainEqual(['DELIVERY_ATTEMPT', 'DELIVERED']);
    expect(came.serviceReferrals.length).toBeGreaterThan(0);
    expect(came.serviceReferrals.every((r) => r.status === 'OFFERED')).toBe(true);
    const missed = ok(await t.query<O>('OFFICER', q, { id: tierB[2] })).offender.notifications.find((n) => n.type === 'CALL_IN')!;
    expect(missed.history.find((h) => h.kind === 'RESCHEDULED')?.reason).toMatch(/Missed the call-in session/);
  });

  it('shows the session and the miss to detectives, and nothing of it to advocates or analysts', async () => {
    const seen = ok(await t.query<{ callInSession: Session }>('DV_DETECTIVE', SESSION, { id: session.id })).callInSession;
    expect(seen.invitations.find((i) => i.offender.id === tierB[2])!.attendance).toBe('MISSED');
    for (const role of ['ADVOCATE', 'ANALYST'] as const) {
      const res = await t.query(role, SESSION, { id: session.id });
      expect(codes(res)).toContain('FORBIDDEN');
      expect(res.text).not.toContain('Lt. Ann Harper');
    }
  });
});
