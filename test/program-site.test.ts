/**
 * Each site's voice through the gateway (issue 14): a coordinator publishes the site profile
 * (letterhead, signatories, service directory, go-live day) and approves a letter template; a D letter
 * and a C letter render into PDFs that carry the signatories and the phone numbers of the services
 * offered, and name the template version they came from. Go-live: an incident before the day counts
 * for tier history but schedules no notification; the demo queue holds nothing due before it.
 */
import { DEMO_POLICE_ORI } from '@ipvi/core';
import { codes, ok, startTestHub, type TestHub, DRAINED_HUB_TIMEOUT_MS } from './harness/hub';
import { hoursAgo, recordIncident } from './fixtures/incidents';
import { pdfText } from './fixtures/pdf-text';

const DAY = 86_400_000;
const day = (d: Date) => d.toISOString().slice(0, 10);

const PUBLISH = `mutation($input: PublishSiteProfileInput!) { publishSiteProfile(input: $input) {
  profile { agency version partnershipName goLiveOn signatories { name } services { service phone } } } }`;
const DRAFT = `mutation($input: DraftLetterTemplateInput!) { draftLetterTemplate(input: $input) { template { id state version templateVersion } } }`;
const APPROVE = `mutation($id: ID!) { approveLetterTemplate(input: { templateId: $id }) { template { id state approvedAt } } }`;
const OFFENDER = `query($id: ID!) { offender(id: $id) { tierHistory { level } notifications { id type tierAtNotice } } }`;
const LETTER = `query($id: ID!) { notification(id: $id) { letter { pdfBase64 html templateVersion siteProfileVersion language } } }`;

type Offender = { offender: { tierHistory: { level: string }[]; notifications: { id: string; type: string; tierAtNotice: string }[] } };
type Letter = { notification: { letter: { pdfBase64: string; html: string; templateVersion: string; siteProfileVersion: number | null } } };

const SIGNATORIES = [
  { name: 'Dana Whitfield', title: 'Chief of Police', organisation: 'High Point Police Department' },
  { name: 'Marcus Ellery', title: 'District Attorney', organisation: 'Guilford County District Attorney' },
  { name: 'Lorraine Banks', title: 'Community Leader', organisation: 'High Point Community Against Violence' },
  { name: 'Teresa Alvarado', title: 'Survivor Advocate', organisation: 'Family Service of the Piedmont' },
];
const service = (s: string, phone: string) => ({
  service: s,
  name: `${s} provider`,
  phone,
  address: '1 Main St, High Point, NC',
  hours: 'Mon-Fri 9-5',
  languages: ['EN', 'ES'],
});
const SERVICES = [
  service('BATTERER_INTERVENTION', '(336) 555-0111'),
  service('SUBSTANCE_USE_TREATMENT', '(336) 555-0122'),
  service('MENTAL_HEALTH_TREATMENT', '(336) 555-0133'),
  service('HOUSING', '(336) 555-0155'),
];

/** The two describes' hubs (fresh databases; the demo with its feed applied once per run, in the template), started together. */
let hubs: [TestHub, TestHub] | undefined;
beforeAll(async () => {
  hubs = await Promise.all([startTestHub(), startTestHub({ seed: true, drained: 'tiering' })]);
}, DRAINED_HUB_TIMEOUT_MS);
afterAll(async () => {
  await Promise.all((hubs ?? []).map((h) => h.stop()));
});

describe('a site profile, its approved template, and letters in its voice', () => {
  let t: TestHub;
  const goLive = day(new Date(Date.now() - 30 * DAY));
  beforeAll(() => {
    t = hubs![0];
  });

  it('lets coordinators (only) publish versioned profiles, checking each input', async () => {
    const input = {
      partnershipName: 'High Point OFDVI',
      letterhead: 'High Point Police Department\n1009 Leonard Ave',
      signatories: SIGNATORIES,
      services: SERVICES,
      goLiveOn: goLive,
    };
    expect(codes(await t.query('OFFICER', PUBLISH, { input }))).toEqual(['FORBIDDEN']);
    const bad = await t.query('COORDINATOR', PUBLISH, { input: { ...input, services: [{ ...SERVICES[0], phone: 'call us' }] } });
    expect(bad.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.services[0].phone' });
    expect(bad.text).not.toContain('call us');
    const elsewhere = await t.query('COORDINATOR', PUBLISH, { input: { ...input, agency: 'NC9999999' } });
    expect(elsewhere.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.agency' });
    const v1 = ok(await t.query<{ publishSiteProfile: { profile: { version: number; goLiveOn: string } } }>('COORDINATOR', PUBLISH, { input }));
    expect(v1.publishSiteProfile.profile).toMatchObject({ version: 1, goLiveOn: goLive });
    const v2 = ok(await t.query<{ publishSiteProfile: { profile: { version: number } } }>('COORDINATOR', PUBLISH, { input }));
    expect(v2.publishSiteProfile.profile.version).toBe(2);
  });

  it('takes a letter template from DRAFT to APPROVED by a coordinator, once', async () => {
    const input = {
      language: 'EN',
      title: 'Notice from the High Point partnership',
      message: 'Your community says: the violence stops now.',
      closing: 'Signed, for the partnership:',
    };
    const drafted = ok(
      await t.query<{ draftLetterTemplate: { template: { id: string; state: string; templateVersion: string } } }>('COORDINATOR', DRAFT, { input }),
    ).draftLetterTemplate.template;
    expect(drafted).toMatchObject({ state: 'DRAFT', templateVersion: `site-${DEMO_POLICE_ORI}-en-v1` });
    expect(codes(await t.query('DV_DETECTIVE', APPROVE, { id: drafted.id }))).toEqual(['FORBIDDEN']);
    expect(
      ok(await t.query<{ approveLetterTemplate: { template: { state: string } } }>('COORDINATOR', APPROVE, { id: drafted.id })).approveLetterTemplate.template
        .state,
    ).toBe('APPROVED');
    expect(codes(await t.query('COORDINATOR', APPROVE, { id: drafted.id }))).toEqual(['CONFLICT']);
  });

  async function letterOf(offenderId: string) {
    const note = ok(await t.query<Offender>('OFFICER', OFFENDER, { id: offenderId })).offender.notifications[0]!;
    const letter = ok(await t.query<Letter>('OFFICER', LETTER, { id: note.id })).notification.letter;
    return { note, letter, text: pdfText(Buffer.from(letter.pdfBase64, 'base64')) };
  }

  it('renders a D letter and a C letter whose PDFs carry the signatories and the phone numbers of the services offered', async () => {
    const d = await recordIncident(t, { offenderName: 'Dwight Letterman', arrest: false, occurredAt: hoursAgo(5) });
    const c = await recordIncident(t, { offenderName: 'Carl Letterman', arrest: true, occurredAt: hoursAgo(5) });
    await t.drainFeeds('tiering');
    const dl = await letterOf(d.offenderId);
    const cl = await letterOf(c.offenderId);
    expect([dl.note.tierAtNotice, cl.note.tierAtNotice]).toEqual(['D', 'C']);
    for (const l of [dl, cl]) {
      expect(l.letter).toMatchObject({ templateVersion: `site-${DEMO_POLICE_ORI}-en-v1`, siteProfileVersion: 2 });
      for (const s of SIGNATORIES) expect(l.text).toContain(`${s.name}, ${s.title}`);
      expect(l.text).toContain('High Point Police Department');
      expect(l.text).toContain('Your community says: the violence stops now.');
    }
    expect(dl.text).toContain('(336) 555-0111'); // D offers batterer intervention
    expect(dl.text).not.toContain('(336) 555-0122');
    for (const phone of ['(336) 555-0111', '(336) 555-0122', '(336) 555-0133']) expect(cl.text).toContain(phone); // C: intervention and treatment
    expect(cl.text).not.toContain('(336) 555-0155'); // housing is not offered at C
  });

  it('counts an incident before the go-live day for tier history, but schedules no notification for it', async () => {
    const before = await recordIncident(t, { offenderName: 'Oscar Beforelive', arrest: true, occurredAt: new Date(Date.parse(goLive) - 5 * DAY) });
    await t.drainFeeds('tiering');
    const o = ok(await t.query<Offender>('OFFICER', OFFENDER, { id: before.offenderId })).offender;
    expect(o.tierHistory.map((a) => a.level)).toEqual(['C']);
    expect(o.notifications).toEqual([]);
    await recordIncident(t, { offenderId: before.offenderId, arrest: true, occurredAt: hoursAgo(2) });
    await t.drainFeeds('tiering');
    const after = ok(await t.query<Offender>('OFFICER', OFFENDER, { id: before.offenderId })).offender;
    expect(after.tierHistory.map((a) => a.level)).toEqual(['C', 'B']);
    expect(after.notifications.map((n) => n.type)).toEqual(['CALL_IN']);
  });

  it('keeps a pending notification when an old incident, recorded late, raises the tier from before the go-live day', async () => {
    const call = await recordIncident(t, { offenderName: 'Larry Latecharge', arrest: false, occurredAt: hoursAgo(3) });
    await t.drainFeeds('tiering');
    await recordIncident(t, { offenderId: call.offenderId, arrest: true, occurredAt: new Date(Date.parse(goLive) - 9 * DAY) });
    await t.drainFeeds('tiering');
    const q = `query($id: ID!) { offender(id: $id) { tierHistory { level } notifications { type status } } }`;
    const o = ok(
      await t.query<{ offender: { tierHistory: { level: string }[]; notifications: { type: string; status: string }[] } }>('OFFICER', q, {
        id: call.offenderId,
      }),
    ).offender;
    expect(o.tierHistory.map((a) => a.level)).toEqual(['D', 'C']);
    expect(o.notifications).toEqual([{ type: 'LETTER', status: 'PENDING' }]);
  });
});

describe('the demo queue after go-live', () => {
  let t: TestHub;
  beforeAll(() => {
    t = hubs![1];
  });

  it('holds no notification due before the demo site go-live day, and some after it', async () => {
    const profile = ok(await t.query<{ siteProfile: { goLiveOn: string } }>('COORDINATOR', '{ siteProfile { goLiveOn } }')).siteProfile;
    const q = `query($after: String) { notificationQueue(first: 100, after: $after) { totalCount pageInfo { hasNextPage endCursor } edges { node { dueAt } } } }`;
    type Q = { notificationQueue: { totalCount: number; pageInfo: { hasNextPage: boolean; endCursor: string }; edges: { node: { dueAt: string } }[] } };
    const first = ok(await t.query<Q>('COORDINATOR', q, {})).notificationQueue;
    expect(first.totalCount).toBeGreaterThan(0);
    // Soonest due first: the first one is the earliest in the queue.
    expect(first.edges[0]!.node.dueAt >= profile.goLiveOn).toBe(true);
    const rows = await t.sql<{ n: number }>('tiering', `SELECT count(*)::int AS n FROM notification WHERE due_at < $1::date`, [profile.goLiveOn]);
    expect(rows[0]!.n).toBe(0);
    const tiers = await t.sql<{ n: number }>('tiering', `SELECT count(*)::int AS n FROM tier_assignment WHERE effective_at < $1::date`, [profile.goLiveOn]);
    expect(tiers[0]!.n).toBeGreaterThan(0); // history before go-live still counts
  });
});
