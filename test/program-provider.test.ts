/**
 * Offender-service providers through the gateway (issue 14.3): a coordinator sends the offer of help's
 * referrals to the providers the site's service directory names; a SERVICE_PROVIDER token sees its own
 * referrals (the person's name, the service, the status) and nothing else of the hub, moves one
 * OFFERED -> ACCEPTED -> ENROLLED -> COMPLETED with dates in time order, the coordinator sees the
 * status, and the other provider sees nothing of it. The name a provider reads is tiering's copy, read
 * from incidents by tiering's service principal (audited there) when the referral was sent.
 */
import { randomUUID } from 'node:crypto';
import { DEMO_POLICE_ORI } from '@ipvi/core';
import { codes, ok, startTestHub, withoutRequestIds, type GraphQLResponse, type TestHub } from './harness/hub';
import { hoursAgo, recordIncident, type RecordedIncident } from './fixtures/incidents';

const BIP = 'BIP-DEMO-01';
const TREATMENT = 'TRT-OTHER-01';
const OFFENDER_NAME = 'Rowan Providerseen';
const VICTIM_NAME = 'Hazel Neverseen';

const PUBLISH = `mutation($input: PublishSiteProfileInput!) { publishSiteProfile(input: $input) { profile { version services { service providerAgency } } } }`;
const DELIVER = `mutation($id: ID!, $at: DateTime!) {
  recordNotificationDelivery(input: { notificationId: $id, deliveredAt: $at, outcome: DELIVERED }) { notification { status } } }`;
const CLEAR = `mutation($id: ID!) { clearNotification(input: { notificationId: $id }) { notification { id } } }`;
const REFERRALS = `query($id: ID!) { offender(id: $id) { notifications { id }
  serviceReferrals { id service status offeredAt acceptedAt enrolledAt completedAt declinedAt providerAgency sentToProviderAt } } }`;
const SEND = `mutation($input: SendReferralToProviderInput!) { sendReferralToProvider(input: $input) { referral { id status providerAgency sentToProviderAt } } }`;
const LIST = `query($filter: ProviderReferralFilter) { providerReferrals(first: 10, filter: $filter) { totalCount
  edges { cursor node { id offenderName service status offeredAt sentAt acceptedAt enrolledAt completedAt declinedAt } } pageInfo { hasNextPage endCursor } } }`;
const MOVE = `mutation($input: RecordProviderReferralStatusInput!) { recordProviderReferralStatus(input: $input) {
  referral { id offenderName service status acceptedAt enrolledAt completedAt declinedAt } } }`;

type Referral = {
  id: string;
  service: string;
  status: string;
  offeredAt: string;
  acceptedAt: string | null;
  enrolledAt: string | null;
  completedAt: string | null;
  declinedAt: string | null;
  providerAgency: string | null;
  sentToProviderAt: string | null;
};
type ProviderNode = { id: string; offenderName: string; service: string; status: string; acceptedAt: string | null; completedAt: string | null };
type List = { providerReferrals: { totalCount: number; edges: { node: ProviderNode }[] } };

const directoryEntry = (service: string, providerAgency?: string) => ({
  service,
  name: `${service} program`,
  phone: '(336) 555-0199',
  address: '2 Program Way, High Point, NC',
  hours: 'Mon-Fri 9-5',
  languages: ['EN'],
  ...(providerAgency ? { providerAgency } : {}),
});
const SITE = {
  partnershipName: 'High Point OFDVI',
  letterhead: 'High Point Police Department',
  signatories: [{ name: 'Dana Whitfield', title: 'Chief of Police', organisation: 'High Point Police Department' }],
  services: [directoryEntry('BATTERER_INTERVENTION', BIP), directoryEntry('SUBSTANCE_USE_TREATMENT', TREATMENT), directoryEntry('MENTAL_HEALTH_TREATMENT')],
  goLiveOn: '2020-01-01',
};

let t: TestHub;
let incident: RecordedIncident;
let referrals: Referral[];
const byService = (s: string) => referrals.find((r) => r.service === s)!;
const asProvider = <T = Record<string, unknown>>(agency: string, doc: string, vars?: Record<string, unknown>) =>
  t.query<T>('SERVICE_PROVIDER', doc, vars, { agency });

async function referralsOf(role: 'COORDINATOR' | 'OFFICER' = 'COORDINATOR'): Promise<Referral[]> {
  return ok(await t.query<{ offender: { serviceReferrals: Referral[] } }>(role, REFERRALS, { id: incident.offenderId })).offender.serviceReferrals;
}

/** The response holds none of the police records' values: the offender's name, the victim, the narrative, the RMS number. */
function expectNothingOfThePoliceRecord(res: GraphQLResponse) {
  for (const v of [OFFENDER_NAME, 'Providerseen', VICTIM_NAME, 'Test narrative', incident.rmsNumber, incident.incidentId])
    expect([v, res.text.includes(v)]).toEqual([v, false]);
}

beforeAll(async () => {
  t = await startTestHub({ env: { PROVIDER_AGENCIES: `${BIP},${TREATMENT}` } });
  // The site's directory names a provider for two of the services the offer of help makes.
  const bad = await t.query('COORDINATOR', PUBLISH, { input: { ...SITE, services: [directoryEntry('BATTERER_INTERVENTION', DEMO_POLICE_ORI)] } });
  expect(codes(bad)).toEqual(['BAD_USER_INPUT']);
  expect(bad.errors![0]!.extensions!.field).toBe('input.services[0].providerAgency');
  ok(await t.query('COORDINATOR', PUBLISH, { input: SITE }));
  // A first DV charge: tier C, a face-to-face notification; the advocates clear it, an officer delivers it with the offer of help.
  incident = await recordIncident(t, { offenderName: OFFENDER_NAME, occurredAt: hoursAgo(30), arrest: true, victims: [{ name: VICTIM_NAME }] });
  await t.drainFeeds('tiering');
  const [notification] = ok(await t.query<{ offender: { notifications: { id: string }[] } }>('OFFICER', REFERRALS, { id: incident.offenderId })).offender
    .notifications;
  ok(await t.query('ADVOCATE', CLEAR, { id: notification!.id }));
  await t.drainFeeds('tiering');
  ok(await t.query('OFFICER', DELIVER, { id: notification!.id, at: hoursAgo(2).toISOString() }));
  referrals = await referralsOf();
}, 120_000);
afterAll(() => t.stop());

describe('provider identities at the gateway', () => {
  it.each([
    ['a SERVICE_PROVIDER token with a police ORI', 'SERVICE_PROVIDER', DEMO_POLICE_ORI],
    ['a SERVICE_PROVIDER token with an advocacy agency', 'SERVICE_PROVIDER', 'ADV-FSP-01'],
    ['a SERVICE_PROVIDER token with an unconfigured provider id', 'SERVICE_PROVIDER', 'BIP-NOWHERE-09'],
    ['an OFFICER token with a provider id', 'OFFICER', BIP],
    ['a COORDINATOR token with a provider id', 'COORDINATOR', BIP],
  ] as const)('refuses %s (401)', async (_name, role, agency) => {
    const res = await t.query(role, '{ providerReferrals { totalCount } }', {}, { agency });
    expect(res.status).toBe(401);
    expect(codes(res)).toEqual(['UNAUTHENTICATED']);
  });
});

describe('sending referrals to providers', () => {
  it('offers three services with the delivered notice, none sent yet; a provider sees none of them', async () => {
    expect(referrals.map((r) => [r.service, r.status, r.providerAgency, r.sentToProviderAt]).sort()).toEqual([
      ['BATTERER_INTERVENTION', 'OFFERED', null, null],
      ['MENTAL_HEALTH_TREATMENT', 'OFFERED', null, null],
      ['SUBSTANCE_USE_TREATMENT', 'OFFERED', null, null],
    ]);
    expect(ok(await asProvider<List>(BIP, LIST)).providerReferrals).toEqual({ totalCount: 0, edges: [], pageInfo: { hasNextPage: false, endCursor: null } });
  });

  it('lets a coordinator (only) send each to the provider the directory names, once', async () => {
    const bip = byService('BATTERER_INTERVENTION');
    expect(codes(await t.query('OFFICER', SEND, { input: { referralId: bip.id } }))).toEqual(['FORBIDDEN']);
    expect(codes(await asProvider(BIP, SEND, { input: { referralId: bip.id } }))).toEqual(['FORBIDDEN']);
    const wrong = await t.query('COORDINATOR', SEND, { input: { referralId: bip.id, providerAgency: TREATMENT } });
    expect(codes(wrong)).toEqual(['BAD_USER_INPUT']);
    expect(wrong.errors![0]!.extensions!.field).toBe('input.providerAgency');
    const sent = ok(await t.query<{ sendReferralToProvider: { referral: Referral } }>('COORDINATOR', SEND, { input: { referralId: bip.id } }));
    expect(sent.sendReferralToProvider.referral).toMatchObject({ id: bip.id, status: 'OFFERED', providerAgency: BIP, sentToProviderAt: expect.any(String) });
    expect(codes(await t.query('COORDINATOR', SEND, { input: { referralId: bip.id } }))).toEqual(['CONFLICT']);
    const unnamed = await t.query('COORDINATOR', SEND, { input: { referralId: byService('MENTAL_HEALTH_TREATMENT').id } });
    expect(codes(unnamed)).toEqual(['CONFLICT']);
    ok(await t.query('COORDINATOR', SEND, { input: { referralId: byService('SUBSTANCE_USE_TREATMENT').id } }));
    // Another department's coordinator gets what a missing referral gets.
    const missing = await t.query('COORDINATOR', SEND, { input: { referralId: randomUUID() } });
    expect(codes(missing)).toEqual(['NOT_FOUND']);
  });

  it("copied the name read by tiering's service principal, audited in incidents as its read of that offender", async () => {
    const rows = await t.sql<{ role: string; entity_ids: string[]; outcome: string }>(
      'incidents',
      `SELECT role, entity_ids, outcome FROM audit_event WHERE field_path = 'Query.offenderNameForReferral'`,
    );
    expect(rows.length).toBeGreaterThanOrEqual(2);
    expect(rows.every((r) => r.role === 'SERVICE_TIERING' && r.outcome === 'ALLOWED' && r.entity_ids.includes(incident.offenderId))).toBe(true);
    // Nobody else reads names this way: the field is service-only, so the partners' schema does not even have it.
    const res = await t.query('COORDINATOR', 'query($id: ID!) { offenderNameForReferral(id: $id) { name } }', { id: incident.offenderId });
    expect(codes(res)).toEqual(['GRAPHQL_VALIDATION_FAILED']);
    expectNothingOfThePoliceRecord(res);
  });
});

describe('a provider', () => {
  it('sees its own referral: the name, the service, the status; never the other provider’s', async () => {
    const mine = ok(await asProvider<List>(BIP, LIST)).providerReferrals;
    expect(mine.totalCount).toBe(1);
    expect(mine.edges.map((e) => e.node)).toEqual([
      expect.objectContaining({ id: byService('BATTERER_INTERVENTION').id, offenderName: OFFENDER_NAME, service: 'BATTERER_INTERVENTION', status: 'OFFERED' }),
    ]);
    const theirs = ok(await asProvider<List>(TREATMENT, LIST)).providerReferrals;
    expect(theirs.edges.map((e) => [e.node.id, e.node.service])).toEqual([[byService('SUBSTANCE_USE_TREATMENT').id, 'SUBSTANCE_USE_TREATMENT']]);
    expect(ok(await asProvider<List>(BIP, LIST, { filter: { statuses: ['COMPLETED'] } })).providerReferrals.totalCount).toBe(0);
  });

  it.each([
    ['the offender', 'query($id: ID!) { offender(id: $id) { id name } }', true],
    ['the offenders list', '{ offenders(first: 5) { edges { node { name } } } }', false],
    ['the incident', 'query($id: ID!) { incident(id: $id) { narrative victims { name } } }', true],
    ['the incidents list', '{ incidents(first: 5) { edges { node { narrative } } } }', false],
    ['the notification queue', '{ notificationQueue(first: 5) { edges { node { id offender { name } } } } }', false],
    ['the tier roster', '{ tierRoster(first: 5) { edges { node { level } } } }', false],
    ['the advocates’ referrals', '{ referrals(first: 5) { edges { node { id } } } }', false],
    ['the site profile', '{ siteProfile { partnershipName } }', false],
  ])('reads nothing else: %s is FORBIDDEN and nothing of it shows', async (_what, doc, needsId) => {
    const res = await asProvider<Record<string, unknown>>(
      BIP,
      doc,
      needsId ? { id: doc.includes('incident(') ? incident.incidentId : incident.offenderId } : {},
    );
    expect(codes(res)).toContain('FORBIDDEN');
    expect(Object.values(res.data ?? {}).every((v) => v === null)).toBe(true);
    expectNothingOfThePoliceRecord(res);
  });

  it("cannot even name the name source of tiering: a service-only field is not in the partners' schema", async () => {
    const res = await asProvider<Record<string, unknown>>(BIP, 'query($id: ID!) { offenderNameForReferral(id: $id) { name } }', { id: incident.offenderId });
    expect(codes(res)).toEqual(['GRAPHQL_VALIDATION_FAILED']);
    expect(res.data ?? null).toBeNull();
    expectNothingOfThePoliceRecord(res);
  });

  it('moves its referral OFFERED -> ACCEPTED -> ENROLLED -> COMPLETED with dates in time order', async () => {
    const id = byService('BATTERER_INTERVENTION').id;
    const offeredAt = new Date(byService('BATTERER_INTERVENTION').offeredAt).getTime();
    const move = (status: string, at?: Date) =>
      asProvider<{ recordProviderReferralStatus: { referral: ProviderNode } }>(BIP, MOVE, { input: { referralId: id, status, at } });
    const early = await move('ACCEPTED', new Date(offeredAt - 60_000));
    expect(codes(early)).toEqual(['BAD_USER_INPUT']);
    expect(early.errors![0]!.extensions).toMatchObject({ field: 'input.at' });
    expect(early.errors![0]!.message).toMatch(/before the referral was offered/);
    const future = await move('ACCEPTED', new Date(Date.now() + 3_600_000));
    expect(future.errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.at' });
    expect(codes(await move('OFFERED'))).toEqual(['BAD_USER_INPUT']);
    expect(codes(await move('COMPLETED'))).toEqual(['CONFLICT']);
    const accepted = new Date(offeredAt + 10 * 60_000);
    expect(ok(await move('ACCEPTED', accepted)).recordProviderReferralStatus.referral).toMatchObject({
      status: 'ACCEPTED',
      acceptedAt: accepted.toISOString(),
    });
    const beforeAcceptance = await move('ENROLLED', new Date(offeredAt + 5 * 60_000));
    expect(beforeAcceptance.errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.at' });
    expect(beforeAcceptance.errors![0]!.message).toMatch(/before the referral was accepted/);
    const enrolled = new Date(offeredAt + 20 * 60_000);
    ok(await move('ENROLLED', enrolled));
    const completed = new Date(offeredAt + 30 * 60_000);
    expect(ok(await move('COMPLETED', completed)).recordProviderReferralStatus.referral).toMatchObject({
      offenderName: OFFENDER_NAME,
      status: 'COMPLETED',
      completedAt: completed.toISOString(),
    });
    expect(codes(await move('DECLINED'))).toEqual(['CONFLICT']);
  });

  it('lets the coordinators see the status and its dates', async () => {
    const r = (await referralsOf()).find((x) => x.service === 'BATTERER_INTERVENTION')!;
    expect(r).toMatchObject({
      status: 'COMPLETED',
      providerAgency: BIP,
      acceptedAt: expect.any(String),
      enrolledAt: expect.any(String),
      completedAt: expect.any(String),
    });
    expect(new Date(r.acceptedAt!) < new Date(r.enrolledAt!) && new Date(r.enrolledAt!) < new Date(r.completedAt!)).toBe(true);
  });

  it('the other provider cannot move it: the answer is exactly that of a missing referral', async () => {
    const move = (referralId: string) => asProvider(TREATMENT, MOVE, { input: { referralId, status: 'DECLINED' } });
    const theirs = await move(byService('BATTERER_INTERVENTION').id);
    const missing = await move(randomUUID());
    expect(codes(theirs)).toEqual(['NOT_FOUND']);
    expect(withoutRequestIds(theirs.text).replace(/[0-9a-f-]{36}/g, '')).toBe(withoutRequestIds(missing.text).replace(/[0-9a-f-]{36}/g, ''));
    expectNothingOfThePoliceRecord(theirs);
    const still = ok(await asProvider<List>(BIP, LIST)).providerReferrals.edges[0]!.node;
    expect(still.status).toBe('COMPLETED');
    // Nor can a provider move a referral never sent to anyone.
    expect(codes(await asProvider(BIP, MOVE, { input: { referralId: byService('MENTAL_HEALTH_TREATMENT').id, status: 'ACCEPTED' } }))).toEqual(['NOT_FOUND']);
  });
});
