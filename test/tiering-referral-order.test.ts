/**
 * The police side of the offer of help moves a referral (updateOffenderServiceReferral, tiering's
 * OffenderServiceReferral) with dates in time order, as providers must (recordProviderReferralStatus):
 * a status dated before the referral reached its current one is refused with one BAD_USER_INPUT on
 * `input.at` naming why (never the date), and nothing is written.
 */
import { codes, ok, startTestHub, type GraphQLResponse, type TestHub } from './harness/hub';
import { hoursAgo, recordIncident } from './fixtures/incidents';

const REFERRALS = `query($id: ID!) { offender(id: $id) { notifications { id }
  serviceReferrals { id service status offeredAt acceptedAt enrolledAt completedAt declinedAt } } }`;
const CLEAR = `mutation($id: ID!) { clearNotification(input: { notificationId: $id }) { notification { id } } }`;
const DELIVER = `mutation($id: ID!, $at: DateTime!) {
  recordNotificationDelivery(input: { notificationId: $id, deliveredAt: $at, outcome: DELIVERED }) { notification { status } } }`;
const MOVE = `mutation($input: UpdateOffenderServiceReferralInput!) { updateOffenderServiceReferral(input: $input) {
  referral { id status offeredAt acceptedAt enrolledAt completedAt declinedAt } } }`;

type Referral = {
  id: string;
  service: string;
  status: string;
  offeredAt: string;
  acceptedAt: string | null;
  enrolledAt: string | null;
  completedAt: string | null;
  declinedAt: string | null;
};

let t: TestHub;
let offenderId: string;

async function referrals(): Promise<Referral[]> {
  return ok(await t.query<{ offender: { serviceReferrals: Referral[] } }>('DV_DETECTIVE', REFERRALS, { id: offenderId })).offender.serviceReferrals;
}
const referral = async (id: string) => (await referrals()).find((r) => r.id === id)!;
const move = (referralId: string, status: string, at?: Date) =>
  t.query<{ updateOffenderServiceReferral: { referral: Referral } }>('DV_DETECTIVE', MOVE, {
    input: { referralId, status, ...(at ? { at: at.toISOString() } : {}) },
  });

/** One BAD_USER_INPUT on input.at with this reason, and no date of the request or the referral in the answer. */
function expectOutOfOrder(res: GraphQLResponse, what: string, dates: Date[]) {
  expect(codes(res)).toEqual(['BAD_USER_INPUT']);
  expect(res.errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.at' });
  expect(res.errors![0]!.message).toMatch(new RegExp(`before the referral was ${what}`));
  expect(res.data).toBeNull();
  for (const d of dates) expect(res.text).not.toContain(d.toISOString().slice(0, 16));
}

beforeAll(async () => {
  t = await startTestHub();
  // A first DV charge: tier C, a face-to-face notification; the advocates clear it, an officer delivers it two hours ago with the offer of help.
  const incident = await recordIncident(t, { offenderName: 'Orrin Timeorder', occurredAt: hoursAgo(30), arrest: true });
  offenderId = incident.offenderId;
  await t.drainFeeds('tiering');
  const [notification] = ok(await t.query<{ offender: { notifications: { id: string }[] } }>('OFFICER', REFERRALS, { id: offenderId })).offender.notifications;
  ok(await t.query('ADVOCATE', CLEAR, { id: notification!.id }));
  await t.drainFeeds('tiering');
  ok(await t.query('OFFICER', DELIVER, { id: notification!.id, at: hoursAgo(2).toISOString() }));
}, 300_000); // a fresh hub, an incident, two feed drains: up to ~60 s measured at load average 21 on the 2-core machine
afterAll(() => t.stop());

describe('updateOffenderServiceReferral keeps status dates in time order', () => {
  it('refuses a status dated before the referral was offered, accepted or enrolled, and writes nothing', async () => {
    const [first] = await referrals();
    expect(first).toMatchObject({ status: 'OFFERED', acceptedAt: null });
    const offeredAt = Date.parse(first!.offeredAt);

    const early = new Date(offeredAt - 60_000);
    expectOutOfOrder(await move(first!.id, 'ACCEPTED', early), 'offered', [early]);
    expect(await referral(first!.id)).toEqual(first);

    const accepted = new Date(offeredAt + 20 * 60_000);
    expect(ok(await move(first!.id, 'ACCEPTED', accepted)).updateOffenderServiceReferral.referral).toMatchObject({
      status: 'ACCEPTED',
      acceptedAt: accepted.toISOString(),
    });
    const afterAcceptance = await referral(first!.id);

    const beforeAcceptance = new Date(offeredAt + 10 * 60_000); // after the offer, before the acceptance
    expectOutOfOrder(await move(first!.id, 'ENROLLED', beforeAcceptance), 'accepted', [beforeAcceptance, accepted]);
    expect(await referral(first!.id)).toEqual(afterAcceptance);

    const enrolled = new Date(offeredAt + 40 * 60_000);
    ok(await move(first!.id, 'ENROLLED', enrolled));
    const beforeEnrolment = new Date(offeredAt + 30 * 60_000);
    expectOutOfOrder(await move(first!.id, 'DECLINED', beforeEnrolment), 'enrolled', [beforeEnrolment, enrolled]);
    expectOutOfOrder(await move(first!.id, 'COMPLETED', beforeEnrolment), 'enrolled', [beforeEnrolment, enrolled]);
    expect(await referral(first!.id)).toMatchObject({ status: 'ENROLLED', enrolledAt: enrolled.toISOString(), completedAt: null, declinedAt: null });

    // The same instant as the status before it is in order.
    expect(ok(await move(first!.id, 'COMPLETED', enrolled)).updateOffenderServiceReferral.referral).toMatchObject({
      status: 'COMPLETED',
      completedAt: enrolled.toISOString(),
    });
  });

  it('dates a move without `at` now, after the offer', async () => {
    const [, second] = await referrals();
    const res = ok(await move(second!.id, 'DECLINED'));
    expect(res.updateOffenderServiceReferral.referral.status).toBe('DECLINED');
    expect(Date.parse(res.updateOffenderServiceReferral.referral.declinedAt!)).toBeGreaterThanOrEqual(Date.parse(second!.offeredAt));
  });

  it('still answers CONFLICT (not a date problem) to a move the status does not allow', async () => {
    const [, , third] = await referrals();
    expect(codes(await move(third!.id, 'COMPLETED', new Date(Date.parse(third!.offeredAt) - 60_000)))).toEqual(['CONFLICT']);
    expect((await referral(third!.id)).status).toBe('OFFERED');
  });
});
