/**
 * Writes across the partnership's agency lines: every mutation that names a record, sent by a
 * principal of the other agency (of the same side) that is allowed the write in its own agency, once
 * with the record's id and once with an id nobody has. The two answers must be the same but for the
 * request id (and the id itself): a record of another agency looks missing. Then the owners read
 * their records back unchanged.
 */
import { randomUUID } from 'node:crypto';
import type { Role } from '@ipvi/core';
import { codes, defaultAgency, withoutRequestIds, type GraphQLResponse, type TestHub } from '../harness/hub';
import { INPUT, OTHER_ADVOCACY, OTHER_POLICE, OTHER_PROVIDER, POLICE, tag, type World } from './world';

interface CrossWrite {
  readonly name: string;
  readonly role: Role;
  /** The agency of the writer (never the record's owner). */
  readonly agency: string;
  readonly query: string;
  /** The variables naming the record `id`. */
  readonly vars: (id: string) => Record<string, unknown>;
  /** The record's id. */
  readonly id: string;
}

const DAY = 86_400_000;
const soon = () => new Date(Date.now() + 3 * DAY).toISOString();
const incidentInput = (agencyOri: string) => ({
  agencyOri,
  rmsNumber: `CROSS-RMS-${tag}`,
  occurredAt: INPUT.incident.occurredAt,
  offenses: ['13B'],
  relationshipCode: 'BG',
  arrestMade: false,
  offender: { name: `Cross Writer ${tag}`, dateOfBirth: '1970-01-01' },
  victims: [{ name: `Cross Victim ${tag}` }],
});
const screen = { usedWeapon: false, threatenedToKill: false, thinksMightKill: false, declined: false, officerBelief: false };
const m = (field: string, input: string, select: string) => `mutation($input: ${input}!) { ${field}(input: $input) { ${select} } }`;

/** Every write on a record of `owner` (police ORI or advocacy agency) as the other agency's principals. */
function writesOn(w: World, side: 'first' | 'second'): CrossWrite[] {
  const police = side === 'first' ? OTHER_POLICE : POLICE;
  const offender = side === 'first' ? w.offender : w.otherOffender;
  const incident = side === 'first' ? w.incident : w.otherIncident;
  const out: CrossWrite[] = [
    {
      name: 'amendIncident',
      role: 'OFFICER',
      agency: police,
      id: incident,
      query: m('amendIncident', 'AmendIncidentInput', 'incident { id }'),
      vars: (id) => ({ input: { id, incident: incidentInput(police) } }),
    },
    {
      name: 'recordLethalityScreen',
      role: 'OFFICER',
      agency: police,
      id: incident,
      query: m('recordLethalityScreen', 'RecordLethalityScreenInput', 'created'),
      vars: (id) => ({ input: { incidentId: id, screen } }),
    },
    {
      name: 'recordIncident (offender by id)',
      role: 'OFFICER',
      agency: police,
      id: offender,
      query: m('recordIncident', 'RecordIncidentInput', 'incident { id }'),
      vars: (id) => ({ input: { ...incidentInput(police), offender: { id } } }),
    },
    {
      name: 'recordProtectiveOrder (offender by id)',
      role: 'OFFICER',
      agency: police,
      id: offender,
      query: m('recordProtectiveOrder', 'RecordProtectiveOrderInput', 'protectiveOrder { id }'),
      vars: (id) => ({ input: { ...INPUT.order, agencyOri: police, orderNumber: `CROSS-PO-${tag}`, restrainedOffender: { id } } }),
    },
    {
      name: 'overrideTier',
      role: 'COORDINATOR',
      agency: police,
      id: offender,
      query: m('overrideTier', 'OverrideTierInput', 'assignment { id }'),
      vars: (id) => ({ input: { offenderId: id, level: 'D', justification: `CROSS ${tag}` } }),
    },
    {
      name: 'setPreferredLanguage',
      role: 'OFFICER',
      agency: police,
      id: offender,
      query: m('setPreferredLanguage', 'SetPreferredLanguageInput', 'offender { id }'),
      vars: (id) => ({ input: { offenderId: id, language: 'EN' } }),
    },
  ];
  if (side === 'second') return out; // the second pair has no notifications, offers or advocates' records of its own yet
  const advocacy = OTHER_ADVOCACY;
  const pending = w.notification;
  const offered = (w.offenderReferrals[0]?.id as string) ?? randomUUID();
  out.push(
    {
      name: 'recordNotificationDelivery',
      role: 'OFFICER',
      agency: police,
      id: pending,
      query: m('recordNotificationDelivery', 'RecordNotificationDeliveryInput', 'notification { id }'),
      vars: (id) => ({ input: { notificationId: id, deliveredAt: new Date(Date.now() - 60_000).toISOString(), outcome: 'DELIVERED' } }),
    },
    {
      name: 'rescheduleNotification',
      role: 'OFFICER',
      agency: police,
      id: pending,
      query: m('rescheduleNotification', 'RescheduleNotificationInput', 'notification { id }'),
      vars: (id) => ({ input: { notificationId: id, dueAt: soon(), reason: `CROSS ${tag}` } }),
    },
    {
      name: 'waiveNotificationGate',
      role: 'COORDINATOR',
      agency: police,
      id: pending,
      query: m('waiveNotificationGate', 'WaiveNotificationGateInput', 'notification { id }'),
      vars: (id) => ({ input: { notificationId: id, reason: `CROSS ${tag}` } }),
    },
    {
      name: 'updateOffenderServiceReferral',
      role: 'OFFICER',
      agency: police,
      id: offered,
      query: m('updateOffenderServiceReferral', 'UpdateOffenderServiceReferralInput', 'referral { id }'),
      vars: (id) => ({ input: { referralId: id, status: 'DECLINED' } }),
    },
    {
      name: 'sendReferralToProvider',
      role: 'COORDINATOR',
      agency: police,
      id: offered,
      query: m('sendReferralToProvider', 'SendReferralToProviderInput', 'referral { id }'),
      vars: (id) => ({ input: { referralId: id } }),
    },
    {
      // The other provider moving the first provider's referral.
      name: 'recordProviderReferralStatus',
      role: 'SERVICE_PROVIDER',
      agency: OTHER_PROVIDER,
      id: w.providerReferral.id as string,
      query: m('recordProviderReferralStatus', 'RecordProviderReferralStatusInput', 'referral { id }'),
      vars: (id) => ({ input: { referralId: id, status: 'DECLINED' } }),
    },
    {
      name: 'createClient',
      role: 'ADVOCATE',
      agency: advocacy,
      id: w.referral,
      query: m('createClient', 'CreateClientInput', 'client { id }'),
      vars: (id) => ({ input: { referralId: id, incidentVictimId: w.victim, ...INPUT.client, name: `Cross Client ${tag}` } }),
    },
    {
      name: 'updateClient',
      role: 'ADVOCATE',
      agency: advocacy,
      id: w.client,
      query: m('updateClient', 'UpdateClientInput', 'client { id }'),
      vars: (id) => ({ input: { clientId: id, contactMethods: [] } }),
    },
    {
      name: 'closeReferral',
      role: 'ADVOCATE',
      agency: advocacy,
      id: w.referral,
      query: m('closeReferral', 'CloseReferralInput', 'referral { id }'),
      vars: (id) => ({ input: { referralId: id } }),
    },
    {
      name: 'recordOutreachAttempt',
      role: 'ADVOCATE',
      agency: advocacy,
      id: w.referral,
      query: m('recordOutreachAttempt', 'RecordOutreachAttemptInput', 'attempt { id }'),
      vars: (id) => ({ input: { referralId: id, channel: 'PHONE', outcome: 'NO_ANSWER', notes: `CROSS ${tag}` } }),
    },
    {
      name: 'saveSafetyPlan',
      role: 'ADVOCATE',
      agency: advocacy,
      id: w.client,
      query: m('saveSafetyPlan', 'SaveSafetyPlanInput', 'safetyPlan { id }'),
      vars: (id) => ({ input: { clientId: id, ...INPUT.plan } }),
    },
    {
      name: 'createServiceReferral',
      role: 'ADVOCATE',
      agency: advocacy,
      id: w.client,
      query: m('createServiceReferral', 'CreateServiceReferralInput', 'serviceReferral { id }'),
      vars: (id) => ({ input: { clientId: id, ...INPUT.serviceReferral } }),
    },
    {
      name: 'updateServiceReferral',
      role: 'ADVOCATE',
      agency: advocacy,
      id: w.serviceReferral.id as string,
      query: m('updateServiceReferral', 'UpdateServiceReferralInput', 'serviceReferral { id }'),
      vars: (id) => ({ input: { serviceReferralId: id, status: 'COMPLETED' } }),
    },
    {
      name: 'recordDangerAssessment',
      role: 'ADVOCATE',
      agency: advocacy,
      id: w.client,
      query: m('recordDangerAssessment', 'RecordDangerAssessmentInput', 'dangerAssessment { id }'),
      vars: (id) => ({ input: { clientId: id, answers: INPUT.dangerAnswers, neverLivedTogether: false } }),
    },
    {
      name: 'recordConsent',
      role: 'ADVOCATE',
      agency: advocacy,
      id: w.client,
      query: m('recordConsent', 'RecordConsentInput', 'consent { id }'),
      vars: (id) => ({ input: { clientId: id, ...INPUT.consent, recipientAgency: OTHER_POLICE, dataClasses: ['CONTACT_DETAILS'] } }),
    },
    {
      name: 'revokeConsent',
      role: 'ADVOCATE',
      agency: advocacy,
      id: w.consent,
      query: m('revokeConsent', 'RevokeConsentInput', 'consent { id }'),
      vars: (id) => ({ input: { consentId: id } }),
    },
    {
      name: 'clearNotification (notification)',
      role: 'ADVOCATE',
      agency: advocacy,
      id: pending,
      query: m('clearNotification', 'ClearNotificationInput', 'advocateClearance { notificationId }'),
      vars: (id) => ({ input: { notificationId: id, referralId: w.referral, note: `CROSS ${tag}` } }),
    },
  );
  return out;
}

/** What the owners read of their records (compared before and after the cross-agency writes). */
async function ownersView(t: TestHub, w: World): Promise<string> {
  const read = async (role: Role, query: string, variables: Record<string, unknown>, agency?: string) =>
    (await t.query(role, query, variables, agency ? { agency } : undefined)).text;
  return JSON.stringify([
    await read(
      'OFFICER',
      `query($o: ID!, $i: ID!, $n: ID!) { offender(id: $o) { name aliases stateId localId preferredLanguage tier { level }
      tierHistory { id } notifications { id status dueAt deliveredAt outcome } serviceReferrals { id status } protectiveOrders { id } }
      incident(id: $i) { version narrative lethalityScreen { id } } notification(id: $n) { status dueAt history { kind } } }`,
      { o: w.offender, i: w.incident, n: w.notification },
    ),
    await read(
      'ADVOCATE',
      `query($r: ID!, $c: ID!) { referral(id: $r) { state outreachAttempts { id } }
      client(id: $c) { name contactMethods { value } safetyPlanHistory { id } serviceReferrals { id status } dangerAssessments { id } consents { id revokedAt } } }`,
      { r: w.referral, c: w.client },
    ),
    await read(
      'OFFICER',
      `query($o: ID!, $i: ID!) { offender(id: $o) { aliases stateId preferredLanguage tierHistory { id } } incident(id: $i) { version narrative } }`,
      { o: w.otherOffender, i: w.otherIncident },
      OTHER_POLICE,
    ),
    await read('SERVICE_PROVIDER', '{ providerReferrals { edges { node { id status acceptedAt declinedAt } } } }', {}),
  ]);
}

function sameAnswer(a: GraphQLResponse, b: GraphQLResponse, id: string, missing: string): boolean {
  const norm = (r: GraphQLResponse, x: string) => withoutRequestIds(r.text).split(x).join('<id>');
  return r0(a) === r0(b) && norm(a, id) === norm(b, missing);
}
const r0 = (r: GraphQLResponse) => r.status;

/** Every problem with the cross-agency writes, in words (empty: each looked like a write on a missing record, and nothing changed). */
export async function crossAgencyWriteProblems(t: TestHub, w: World): Promise<string[]> {
  const before = await ownersView(t, w);
  const problems: string[] = [];
  for (const side of ['first', 'second'] as const) {
    for (const x of writesOn(w, side)) {
      if (x.agency === defaultAgency(x.role) && side === 'first') problems.push(`${x.name}: the writer must be of the other agency`);
      const missing = randomUUID();
      const real = await t.query(x.role, x.query, x.vars(x.id), { agency: x.agency });
      const none = await t.query(x.role, x.query, x.vars(missing), { agency: x.agency });
      const where = `${x.name} by ${x.role} of ${x.agency} on the ${side} department's record`;
      // A missing record answers NOT_FOUND, or BAD_USER_INPUT naming the id's input field ("is not a known incident").
      const missingAnswer =
        codes(none).includes('NOT_FOUND') ||
        (none.errors ?? []).some(
          (e) => e.extensions?.code === 'BAD_USER_INPUT' && typeof e.extensions.field === 'string' && /not a known|not found|no such/i.test(e.message),
        );
      if (!missingAnswer)
        problems.push(
          `${where}: a missing id answers ${JSON.stringify(codes(none))}, not as a missing record (fix the probe's input): ${none.text.slice(0, 300)}`,
        );
      else if (!sameAnswer(real, none, x.id, missing))
        problems.push(
          `${where}: answers ${withoutRequestIds(real.text).slice(0, 400)} where a missing record answers ${withoutRequestIds(none.text).slice(0, 400)}`,
        );
    }
  }
  const after = await ownersView(t, w);
  if (after !== before) problems.push(`the owners' records changed:\n  before ${before}\n  after  ${after}`);
  return problems;
}
