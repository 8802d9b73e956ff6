/**
 * VAWA consent, end to end through the gateway: police read only what an active consent naming
 * their agency and the data class releases, and without one the answer is the same bytes whether
 * or not the person is a client at all.
 */
import { codes, ok, startTestHub, withoutRequestIds, type TestHub } from './harness/hub';
import { recordIncident } from './fixtures/incidents';
import {
  CREATE_CLIENT,
  OTHER_POLICE,
  RECORD_CONSENT,
  TWO_AGENCIES_ENV,
  clientFromIncident,
  consentInput,
  recordConsent,
  referralFor,
  referralOf,
} from './victim-services-fixtures';

let t: TestHub;
beforeAll(async () => {
  t = await startTestHub({ consumers: false, env: { ...TWO_AGENCIES_ENV, POLICE_AGENCIES: `${TWO_AGENCIES_ENV.POLICE_AGENCIES},NC041015A` } });
});
afterAll(() => t.stop());

const CONTACT = `query($id: ID!) { consentedRelease(incidentVictimId: $id) { contact { name address contactMethods { channel value } } } }`;
const EVERYTHING = `query($id: ID!) { consentedRelease(incidentVictimId: $id) {
  incidentVictimId contact { name address preferredLanguage contactMethods { channel value safeToLeaveMessage } }
  dangerAssessment { score band } services { kind status } } }`;
const REVOKE = `mutation($id: ID!) { revokeConsent(input: { consentId: $id }) { consent { id active revokedAt } } }`;

type Release = { consentedRelease: { contact: { name: string; address: string; contactMethods: { value: string }[] } | null } };
const officerContact = (id: string) => t.query<Release>('OFFICER', CONTACT, { id });
/** The officer's answer as bytes, all but the id of the request. */
const officerAnswer = async (id: string) => withoutRequestIds((await officerContact(id)).text);

/**
 * Incidents' victims who are clients, with a safe phone, an address and a shelter on record: the incidents recorded
 * together, the feeds drained once, then each referral's client opened.
 */
type ClientOf = { clientId: string; victimId: string };
async function clients(n: number, extra: Record<string, unknown> = {}): Promise<ClientOf[]> {
  const incidents = await Promise.all(Array.from({ length: n }, () => recordIncident(t)));
  await t.drainFeeds('victim-services');
  return Promise.all(
    incidents.map(async (incident) => {
      const referral = await referralFor(t, incident.incidentId);
      if (!referral) throw new Error('no referral for the incident');
      const victimId = incident.victimPartyIds[0]!;
      const res = await t.query<{ createClient: { client: { id: string } } }>('ADVOCATE', CREATE_CLIENT, {
        input: {
          referralId: referral.id,
          incidentVictimId: victimId,
          name: 'Vera T.',
          contactMethods: [{ channel: 'SMS', value: '+1-336-555-0142', safeToLeaveMessage: false, instructions: 'texts only, weekdays' }],
          address: '12 Elm St, High Point',
          shelter: 'Hidden Harbor Shelter',
          preferredLanguage: 'ES',
          ...extra,
        },
      });
      return { clientId: ok(res).createClient.client.id, victimId };
    }),
  );
}
/** One such client (with `extra`, a new one; else one of those beforeAll made together, each used by one test only). */
let spare: ClientOf[] = [];
const client = async (extra?: Record<string, unknown>): Promise<ClientOf> => (extra || !spare.length ? (await clients(1, extra))[0]! : spare.pop()!);

let denied: string;
beforeAll(async () => {
  // The reference answer: a police victim party that is nobody's client.
  const stranger = await recordIncident(t);
  await t.drainFeeds('victim-services');
  const answer = await officerContact(stranger.victimPartyIds[0]!);
  expect(JSON.parse(answer.text)).toEqual({
    data: { consentedRelease: { contact: null } },
    errors: [expect.objectContaining({ path: ['consentedRelease', 'contact'], extensions: { code: 'FORBIDDEN', requestId: expect.any(String) } })],
  });
  denied = withoutRequestIds(answer.text);
  spare = await clients(5); // for the five tests below that take one plain client each
});

describe('consent-gated release to police', () => {
  it('lets an advocate take a new referral, record outreach and a 30-day consent; the officer reads only that class, and nothing once it is revoked', async () => {
    const incident = await recordIncident(t);
    const referral = await referralOf(t, incident);
    expect(referral).toMatchObject({ state: 'NEW', victims: [{ incidentVictimId: incident.victimPartyIds[0] }] });
    ok(
      await t.query(
        'ADVOCATE',
        'mutation($r: ID!) { recordOutreachAttempt(input: { referralId: $r, channel: SMS, outcome: REACHED_ACCEPTED_SERVICES }) { attempt { id } } }',
        { r: referral.id },
      ),
    );
    const clientId = await clientFromIncident(t, incident, {
      contactMethods: [{ channel: 'SMS', value: '+1-336-555-0142', safeToLeaveMessage: false }],
      address: '12 Elm St, High Point',
      shelter: 'Hidden Harbor Shelter',
      preferredLanguage: 'ES',
    });
    ok(
      await t.query(
        'ADVOCATE',
        'mutation($c: ID!) { recordDangerAssessment(input: { clientId: $c, answers: [true,true,false,false,true,true,false,false,false,true,false,false,false,false,false,false,false,true,false,false] }) { dangerAssessment { band } } }',
        { c: clientId },
      ),
    );
    const consentId = await recordConsent(t, consentInput(clientId, {}, 30));
    const victimId = incident.victimPartyIds[0]!;

    const res = await t.query<{ consentedRelease: { contact: unknown } }>('OFFICER', EVERYTHING, { id: victimId });
    expect(res.data!.consentedRelease).toEqual({
      incidentVictimId: victimId,
      contact: {
        name: 'Vera T.',
        address: '12 Elm St, High Point',
        preferredLanguage: 'ES',
        contactMethods: [{ channel: 'SMS', value: '+1-336-555-0142', safeToLeaveMessage: false }],
      },
      dangerAssessment: null,
      services: null,
    });
    // Denials of sibling fields resolve concurrently: compare them in path order.
    expect(res.errors!.map((e) => [e.path, e.extensions?.code]).sort((a, b) => String(a[0]).localeCompare(String(b[0])))).toEqual([
      [['consentedRelease', 'dangerAssessment'], 'FORBIDDEN'],
      [['consentedRelease', 'services'], 'FORBIDDEN'],
    ]);
    expect(res.text).not.toContain('Hidden Harbor');
    expect(res.text).not.toMatch(/EXTREME|SEVERE|INCREASED|VARIABLE/);

    // The audit trail names the consent the read relied on.
    const audit = await t.sql('victim-services', `SELECT field_path, outcome FROM audit_event WHERE consent_id = $1 ORDER BY field_path`, [consentId]);
    expect(audit).toContainEqual({ field_path: 'ConsentedRelease.contact', outcome: 'ALLOWED' });

    ok(await t.query('ADVOCATE', REVOKE, { id: consentId }));
    expect(await officerAnswer(victimId)).toBe(denied);
  });

  it('answers the same bytes for no client, no consent, another agency, another class, revoked and expired', async () => {
    const answers: Record<string, string> = {};
    answers['never seen'] = await officerAnswer('7d1f0c5e-3c2a-4f7e-9d65-0b1e2a3c4d5e');
    // A malformed id is refused as bad input (issue 12.2): it names nothing that could exist.
    const malformed = await t.query('OFFICER', CONTACT, { id: 'not-an-id' });
    expect(malformed.errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'incidentVictimId' });
    // A referral nobody opened a client for (the feed is drained by clients() below), and five clients.
    const referredOnly = await recordIncident(t);
    const [noConsent, otherAgency, otherClass, revoked, expiring] = (await clients(5)) as [ClientOf, ClientOf, ClientOf, ClientOf, ClientOf];
    answers['referred, no client'] = await officerAnswer(referredOnly.victimPartyIds[0]!);
    answers['client without consent'] = await officerAnswer(noConsent.victimId);
    await recordConsent(t, consentInput(otherAgency.clientId, { agency: OTHER_POLICE }));
    answers['consent for another agency'] = await officerAnswer(otherAgency.victimId);
    await recordConsent(t, consentInput(otherClass.clientId, { dataClasses: ['DANGER_ASSESSMENT', 'SERVICES_SUMMARY'] }));
    answers['consent for another class'] = await officerAnswer(otherClass.victimId);

    const consentId = await recordConsent(t, consentInput(revoked.clientId));
    expect((await officerContact(revoked.victimId)).data!.consentedRelease.contact).not.toBeNull();
    const revocation = await t.query<{ revokeConsent: { consent: { active: boolean; revokedAt: string } } }>('ADVOCATE', REVOKE, { id: consentId });
    expect(ok(revocation).revokeConsent.consent.active).toBe(false);
    answers['revoked a moment ago'] = await officerAnswer(revoked.victimId);

    // Expiry on the services' clock: released one second before expiresAt, denied one second after.
    const signedAt = new Date(t.clock.now().getTime() - 60_000);
    const expiresAt = new Date(t.clock.now().getTime() + 30 * 86_400_000);
    await recordConsent(t, consentInput(expiring.clientId, { signedAt: signedAt.toISOString(), expiresAt: expiresAt.toISOString() }));
    t.clock.advance(expiresAt.getTime() - 1_000 - t.clock.now().getTime());
    expect((await officerContact(expiring.victimId)).data!.consentedRelease.contact).not.toBeNull();
    t.clock.advance(2_000);
    answers['expired one second ago'] = await officerAnswer(expiring.victimId);
    t.clock.reset();

    for (const [why, text] of Object.entries(answers)) expect([why, text]).toEqual([why, denied]);
  });

  it('does not let prosecutors without a consent, analysts or auditors read a release', async () => {
    const { clientId, victimId } = await client();
    await recordConsent(t, consentInput(clientId));
    const prosecutor = await t.query<Release>('PROSECUTOR', CONTACT, { id: victimId }, { agency: 'NC041015A' });
    expect(withoutRequestIds(prosecutor.text)).toBe(denied);
    for (const role of ['ANALYST', 'AUDITOR'] as const) {
      const res = await t.query<Release>(role, CONTACT, { id: victimId });
      expect(res.data).toBeNull();
      expect(codes(res)).toEqual(['FORBIDDEN']);
    }
  });
});

describe('recording a consent', () => {
  const refused = async (input: Record<string, unknown>) => {
    const res = await t.query('ADVOCATE', RECORD_CONSENT, { input });
    expect(codes(res)).toEqual(['BAD_USER_INPUT']);
    return res.errors![0]!.extensions!.field;
  };

  it('refuses a recipient that is everyone or a wildcard, and an expiry beyond the site maximum (one year)', async () => {
    const { clientId } = await client();
    expect(await refused(consentInput(clientId, { agency: '*' }))).toBe('input.agency');
    expect(await refused(consentInput(clientId, { agency: 'EVERYONE' }))).toBe('input.agency');
    expect(await refused(consentInput(clientId, {}, 366))).toBe('input.expiresAt');
    const missing = await t.query('ADVOCATE', RECORD_CONSENT, { input: { ...consentInput(clientId), expiresAt: undefined } });
    expect(missing.data ?? null).toBeNull();
    expect(codes(missing)).toHaveLength(1);
  });

  it('accepts only an agency of the partnership as the recipient, stored normalised; an unknown one is named, never echoed', async () => {
    const { clientId, victimId } = await client();
    const unknown = await t.query('ADVOCATE', RECORD_CONSENT, { input: consentInput(clientId, { agency: 'NC0777700' }) });
    expect(codes(unknown)).toEqual(['BAD_USER_INPUT']);
    expect(unknown.errors![0]!.extensions!.field).toBe('input.agency');
    expect(unknown.errors![0]!.message).toMatch(/not an agency of the partnership/);
    expect(unknown.text).not.toContain('NC0777700');
    // The deprecated `recipientAgency` still works, under the same rules.
    const withoutAgency = consentInput(clientId);
    delete withoutAgency.agency;
    const deprecated = await t.query('ADVOCATE', RECORD_CONSENT, { input: { ...withoutAgency, recipientAgency: 'nc0777700' } });
    expect(unknown.errors![0]!.message).toBe('input.agency: is not an agency of the partnership');
    expect(deprecated.errors![0]!.message).toBe('input.recipientAgency: is not an agency of the partnership');
    const typed = await t.query<{ recordConsent: { consent: { agency: string; recipientAgency: string } } }>('ADVOCATE', RECORD_CONSENT, {
      input: { ...withoutAgency, recipientAgency: ' nc0410200 ' },
    });
    expect(ok(typed).recordConsent.consent).toMatchObject({ agency: 'NC0410200', recipientAgency: 'NC0410200' });
    // Stored normalised, so it releases to the police agency it names.
    expect((await officerContact(victimId)).data!.consentedRelease.contact!.name).toBe('Vera T.');
  });

  it('requires a parent or guardian for a minor, and releases once one co-signed', async () => {
    const fifteen = `${new Date().getUTCFullYear() - 15}-01-15`;
    const { clientId, victimId } = await client({ dateOfBirth: fifteen });
    expect(await refused(consentInput(clientId))).toBe('input.guardianName');
    await recordConsent(t, consentInput(clientId, { guardianName: 'Rosa T. (mother)' }));
    expect((await officerContact(victimId)).data!.consentedRelease.contact!.name).toBe('Vera T.');
  });

  it("answers another agency's advocate as if the client or consent did not exist", async () => {
    const { clientId } = await client();
    const consentId = await recordConsent(t, consentInput(clientId));
    const asOther = { agency: 'ADV-OTHER-01' };
    const theirs = await t.query('ADVOCATE', RECORD_CONSENT, { input: consentInput(clientId) }, asOther);
    const missing = await t.query('ADVOCATE', RECORD_CONSENT, { input: consentInput('5b0e7c1a-1111-4222-8333-944455556666') }, asOther);
    expect(codes(theirs)).toEqual(['NOT_FOUND']);
    expect(withoutRequestIds(theirs.text)).toBe(withoutRequestIds(missing.text));
    expect(codes(await t.query('ADVOCATE', REVOKE, { id: consentId }, asOther))).toEqual(['NOT_FOUND']);
  });

  it('never makes a consent a condition of a service: every record works for a client who gave none', async () => {
    const { clientId } = await client();
    const services = await t.query<{ createServiceReferral: { serviceReferral: { status: string } } }>(
      'ADVOCATE',
      'mutation($c: ID!) { createServiceReferral(input: { clientId: $c, kind: SHELTER }) { serviceReferral { status } } }',
      { c: clientId },
    );
    expect(ok(services).createServiceReferral.serviceReferral.status).toBe('REQUESTED');
    ok(
      await t.query('ADVOCATE', 'mutation($c: ID!) { saveSafetyPlan(input: { clientId: $c, safePlaces: ["sister"] }) { safetyPlan { version } } }', {
        c: clientId,
      }),
    );
    ok(
      await t.query(
        'ADVOCATE',
        'mutation($c: ID!) { recordDangerAssessment(input: { clientId: $c, answers: [false,false,false,false,false,false,false,false,false,false,false,false,false,false,false,false,false,false,false,false] }) { dangerAssessment { band } } }',
        { c: clientId },
      ),
    );
    const clientNow = await t.query<{ client: { consentsConnection: unknown } }>(
      'ADVOCATE',
      'query($id: ID!) { client(id: $id) { consentsConnection { totalCount edges { node { id } } } } }',
      { id: clientId },
    );
    expect(ok(clientNow).client.consentsConnection).toEqual({ totalCount: 0, edges: [] });
  });
});
