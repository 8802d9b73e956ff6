/**
 * The canary world of the authorization tests, made the way the hub's users make it: through the
 * gateway's mutations as the roles that own each record (OFFICER records, COORDINATOR overrides and
 * publishes, ADVOCATE keeps the victim's record and clears notifications), with the feeds drained in
 * between. SQL is used only where no mutation exists (the canary audit event, and reading back the
 * feed events' ids). Every free-text value carries the run's tag so a response can be searched for it.
 */
import { randomBytes } from 'node:crypto';
import { AuditStore, SERVICE_NAMES, type Role, type ServiceName } from '@ipvi/core';
import type { GraphQLResponse, TestHub, TokenOptions } from '../harness/hub';

export const tag = randomBytes(4).toString('hex');
/** The tag in letters only (for names, which must look like names). */
export const tagL = [...tag].map((c) => String.fromCharCode(97 + parseInt(c, 16))).join('');
const digits = (n: number) => Array.from(randomBytes(n), (b) => String(b % 10)).join('');

const DAY = 86_400_000;
/** Whole seconds, so an instant reads back as it was written. */
const anchor = Math.floor(Date.now() / 1000) * 1000;
const iso = (ms: number) => new Date(ms).toISOString();
const day = (ms: number) => iso(ms).slice(0, 10);
/**
 * The incident's instants: 01:00 UTC ten days before today, whatever the time of the run. A date-only canary (a charge's
 * date, nine days before today) is searched for as text: an instant put at "the run's time less ten days, plus 40 minutes"
 * fell on that date when the run started after 23:20 UTC, and every allowed read of it looked like a leak of the date.
 */
const incidentAt = Math.floor(anchor / DAY) * DAY - 10 * DAY + 3600_000;

/**
 * The partnership of the canary world: two police departments, each with its own advocacy agency.
 * The canary records belong to the first pair; the second pair records the same person (same name
 * and date of birth) and must see nothing of the first pair's records (and the reverse).
 */
export const POLICE = 'NC0410200';
export const OTHER_POLICE = 'NC0410300';
export const ADVOCACY = 'ADV-FSP-01';
export const OTHER_ADVOCACY = 'ADV-OTHER-01';
/** Two offender-service providers: the canary referral is sent to the first (the role's demo agency); the second must see nothing of it. */
export const PROVIDER = 'BIP-DEMO-01';
export const OTHER_PROVIDER = 'TRT-OTHER-01';
/** The hub's configuration for the canary world: startTestHub({ env: PARTNERSHIP_ENV }). */
export const PARTNERSHIP_ENV: Readonly<Record<string, string>> = {
  POLICE_AGENCIES: `${POLICE},${OTHER_POLICE}`,
  ADVOCACY_AGENCIES: `${ADVOCACY}=${POLICE};${OTHER_ADVOCACY}=${OTHER_POLICE}`,
  PROVIDER_AGENCIES: `${PROVIDER},${OTHER_PROVIDER}`,
};
/** The other agency of the same side of the VAWA line (the second pair's principals probe the first pair's records). */
export function otherAgencyOf(agency: string): string {
  return (
    (
      {
        [POLICE]: OTHER_POLICE,
        [OTHER_POLICE]: POLICE,
        [ADVOCACY]: OTHER_ADVOCACY,
        [OTHER_ADVOCACY]: ADVOCACY,
        [PROVIDER]: OTHER_PROVIDER,
        [OTHER_PROVIDER]: PROVIDER,
      } as Record<string, string>
    )[agency] ?? agency
  );
}

/** What the canary world is made of: the inputs, with every value the tests search for. */
export const INPUT = {
  offender: { name: `Canary Offender ${tagL}`, dateOfBirth: '1971-03-14', aliases: [`Canary Alias ${tagL}`], stateId: `SID-${tag}`, localId: `LID-${tag}` },
  order: {
    agencyOri: POLICE,
    orderNumber: `CANARY-PO-${tag}`,
    orderType: 'EX_PARTE',
    court: `Canary County Court ${tag}`,
    issuedOn: day(anchor - 60 * DAY),
    expiresOn: day(anchor + 300 * DAY),
    protectedParty: { name: `Canary Protected ${tagL}`, dateOfBirth: '1989-02-03' },
  },
  incident: {
    agencyOri: POLICE,
    rmsNumber: `CANARY-RMS-${tag}`,
    occurredAt: iso(incidentAt),
    reportedAt: iso(incidentAt + 25 * 60_000),
    location: `CANARY location ${tag}`,
    offenses: ['13B', '90Z'],
    relationshipCode: 'BG',
    intimatePartnerValidated: true,
    arrestMade: true,
    weapon: '40',
    injury: 'M',
    childrenPresent: true,
    narrative: `CANARY narrative ${tag}`,
    reportingOfficer: `OFFICER-${tag}`,
    victims: [{ name: `Canary Victim ${tagL}`, dateOfBirth: '1988-07-09', phone: `+1919${digits(7)}`, address: `CANARY victim address ${tag}`, injury: 'L' }],
    charges: [
      {
        statute: '14-33(c)(2)',
        description: `CANARY charge ${tag}`,
        dvRelated: true,
        felony: false,
        chargedOn: day(anchor - 9 * DAY),
        disposition: 'CONVICTED',
        dispositionDate: day(anchor - 2 * DAY),
      },
    ],
  },
  /** The screen recorded with the incident; the second one (recordLethalityScreen) makes version 2. */
  firstScreen: { usedWeapon: false, threatenedToKill: false, thinksMightKill: false, declined: false, officerBelief: false },
  screen: {
    screenedAt: iso(incidentAt + 40 * 60_000),
    administeredBy: `SCREENER-${tag}`,
    usedWeapon: false,
    threatenedToKill: true,
    thinksMightKill: false,
    hasGun: true,
    choked: false,
    jealousOrControlling: true,
    separated: false,
    unemployed: true,
    suicidal: false,
    childNotPartners: false,
    stalks: true,
    declined: false,
    officerBelief: true,
    spokeWithHotline: true,
  },
  /** The second department's incident: the same person (the canary offender's name and date of birth), its own victim and records. */
  twin: { rmsNumber: `TWIN-RMS-${tag}`, victim: `Twin Victim ${tagL}`, narrative: `TWIN narrative ${tag}` },
  outreachNotes: `CANARY outreach notes ${tag}`,
  client: {
    name: `Canary Client ${tagL}`,
    dateOfBirth: '1988-07-10',
    preferredLanguage: 'VI',
    safeToContact: true,
    contactMethods: [{ channel: 'SMS', value: `CANARY-CONTACT-${tag}`, safeToLeaveMessage: false, instructions: `CANARY instructions ${tag}` }],
    address: `CANARY client address ${tag}`,
    shelter: `CANARY shelter ${tag}`,
    children: [{ name: `Canary Child ${tagL}`, dateOfBirth: '2015-05-06' }],
    assignedAdvocate: `advocate-${tag}`,
  },
  plan: {
    warningSigns: [`CANARY warning ${tag}`],
    safePlaces: [`CANARY place ${tag}`],
    emergencyContacts: [`CANARY emergency ${tag}`],
    itemsToTake: [`CANARY items ${tag}`],
    childrenPlan: `CANARY children plan ${tag}`,
    notes: `CANARY plan notes ${tag}`,
  },
  serviceReferral: { kind: 'COUNSELLING', provider: `CANARY provider ${tag}`, status: 'IN_PROGRESS', notes: `CANARY service notes ${tag}` },
  /** Weighted score 8-13: INCREASED. */
  dangerAnswers: [true, true, false, false, false, true, false, true, false, false, false, false, false, false, false, false, false, false, false, false],
  /** Released to the canary police agency: CONTACT_DETAILS (active); DANGER_ASSESSMENT was released too, then revoked; SERVICES_SUMMARY never. */
  consent: {
    recipientAgency: POLICE,
    purpose: `CANARY purpose ${tag}`,
    signedAt: iso(anchor - 3600_000),
    expiresAt: iso(anchor + 180 * DAY),
    signerName: `Canary Signer ${tagL}`,
    guardianName: `Canary Guardian ${tagL}`,
    documentRef: `CANARY-DOC-${tag}`,
  },
  revokedConsentPurpose: `CANARY revoked purpose ${tag}`,
  clearanceNote: `CANARY clearance note ${tag}`,
  reschedule: [`CANARY reschedule one ${tag}`, `CANARY reschedule two ${tag}`],
  justification: `CANARY justification ${tag}`,
  linkJustification: `CANARY link justification ${tag}`,
  policy: { version: `canary-policy-${tag}`, summary: `CANARY policy summary ${tag}` },
  site: {
    partnershipName: `Canary Partnership ${tag}`,
    letterhead: `CANARY letterhead ${tag}`,
    goLiveOn: day(anchor - 400 * DAY),
    missedCallInRescheduleDays: 21,
    signatories: [{ name: `Canary Chief ${tagL}`, title: `CANARY title ${tag}`, organisation: `CANARY organisation ${tag}` }],
    services: [
      {
        service: 'BATTERER_INTERVENTION',
        name: `CANARY program ${tag}`,
        phone: `(919) ${digits(3)}-${digits(4)}`,
        address: `CANARY address ${tag}`,
        hours: `CANARY hours ${tag}`,
        languages: ['EN', 'ES'],
        providerAgency: PROVIDER,
      },
    ],
  },
  template: { language: 'ES', title: `CANARY letter title ${tag}`, message: `CANARY letter message ${tag}`, closing: `CANARY letter closing ${tag}` },
  review: { reason: `CANARY review reason ${tag}`, resolution: `CANARY review resolution ${tag}` },
  callIn: {
    place: `CANARY call-in place ${tag}`,
    speakers: [{ role: 'VICTIM_VOICE', name: `Canary Speaker ${tagL}`, organisation: `CANARY speaker organisation ${tag}` }],
  },
  audit: {
    subject: `CANARY-AUDIT-SUBJECT-${tag}`,
    requestId: `canary-${tag}`,
    agency: `CANARY-AGENCY-${tag}`,
    operation: `CanaryOperation${tag}`,
    consentId: `CANARY-CONSENT-${tag}`,
  },
};

type Row = Record<string, unknown>;

/** What the world holds once made: ids, and the rows as their owners read them back. */
export interface World {
  offender: string;
  incident: string;
  victim: string;
  order: string;
  charge: string;
  screen: string;
  /** The second department's incident, its offender (the same person, recorded by it) and victim. */
  otherOffender: string;
  otherIncident: string;
  otherVictim: string;
  /** Whether recording the second department's incident linked it to the first department's person (it must not: issue 9.1). */
  sharedPersonLinked: boolean;
  referral: string;
  client: string;
  plan: Row;
  serviceReferral: Row;
  danger: Row;
  attempt: Row;
  consents: Row[];
  consent: string;
  revokedConsent: string;
  /** The feed assignment (from the incident) and the coordinator's override, with every field. */
  assignments: Row[];
  notifications: Row[];
  flags: Row[];
  offenderReferrals: Row[];
  /** The referral sent to the first provider, as that provider reads it. */
  providerReferral: Row;
  /** The notification the canary's path fixture names (the pending one, in the queue). */
  notification: string;
  clearances: Row[];
  clearanceEvents: Row[];
  policies: Row[];
  policyRules: Row;
  incidentRow: Row;
  orderRow: Row;
  versions: Row[];
  referralRow: Row;
  clientRow: Row;
  incidentEvents: Row[];
  incidentEventCount: number;
  incidentEventTimes: string[];
  /** Program workflows (tiering): the site profile, its approved (Spanish) letter template, a call-in session without invitations. */
  site: Row;
  template: Row;
  session: Row;
  review: Row;
  /** The candidate the twin made, confirmed by the first department's coordinator; its link; the feed's events; the offender as its officers read it after the link. */
  personLink: { candidate: Row; link: Row; events: Row[]; offender: Row };
  audit: Partial<Record<ServiceName, Row>>;
}

function ok<T>(what: string, res: GraphQLResponse<T>): T {
  if (res.errors?.length || !res.data) throw new Error(`canary world: ${what} failed: ${JSON.stringify(res.errors ?? res.text)}`);
  return res.data;
}

/** Makes the canary world in a fresh hub (its trails and tables empty). */
export async function makeWorld(t: TestHub): Promise<World> {
  const as = async <T = Record<string, any>>(role: Role, what: string, query: string, variables: Record<string, unknown> = {}, opts?: TokenOptions) =>
    ok<T>(what, await t.query<T>(role, query, variables, opts));
  const { offender: off, order, incident: inc } = INPUT;

  if (PARTNERSHIP_ENV.POLICE_AGENCIES!.split(',').some((a) => !t.config.partnership.policeAgencies.includes(a))) {
    throw new Error(
      'canary world: start the hub with startTestHub({ env: PARTNERSHIP_ENV }) (test/authz/world.ts): the world spans two police and two advocacy agencies',
    );
  }
  // incidents: the order (which creates the offender), the incident that violates it, and its second screen.
  const po = (
    await as<any>(
      'OFFICER',
      'recordProtectiveOrder',
      `mutation($input: RecordProtectiveOrderInput!) {
    recordProtectiveOrder(input: $input) { protectiveOrder { id restrainedOffender { id } } } }`,
      { input: { ...order, restrainedOffender: off } },
    )
  ).recordProtectiveOrder.protectiveOrder;
  const offender = po.restrainedOffender.id as string;
  const recorded = (
    await as<any>(
      'OFFICER',
      'recordIncident',
      `mutation($input: RecordIncidentInput!) {
    recordIncident(input: $input) { incident { id victims { id } charges { id } } } }`,
      {
        input: { ...inc, offender: { id: offender }, lethalityScreen: INPUT.firstScreen, violatedProtectiveOrderNumber: order.orderNumber },
      },
    )
  ).recordIncident.incident;
  const incident = recorded.id as string;
  const screened = (
    await as<any>(
      'OFFICER',
      'recordLethalityScreen',
      `mutation($input: RecordLethalityScreenInput!) {
    recordLethalityScreen(input: $input) { amended incident { lethalityScreen { id } } } }`,
      { input: { incidentId: incident, screen: INPUT.screen } },
    )
  ).recordLethalityScreen;
  if (!screened.amended) throw new Error('canary world: the second lethality screen did not amend the incident');
  await t.drainFeeds();

  // victim-services: the referral the feed made, outreach, the client and everything the advocates keep.
  const referral = (await as<any>('ADVOCATE', 'referrals', '{ referrals(first: 10) { edges { node { id incident { id } } } } }')).referrals.edges
    .map((e: any) => e.node)
    .find((n: any) => n.incident?.id === incident)?.id as string;
  if (!referral) throw new Error('canary world: the incident made no referral');
  const attempt = (
    await as<any>(
      'ADVOCATE',
      'recordOutreachAttempt',
      `mutation($input: RecordOutreachAttemptInput!) {
    recordOutreachAttempt(input: $input) { attempt { id attemptedAt channel reached outcome notes recordedBy } } }`,
      {
        input: { referralId: referral, channel: 'PHONE', outcome: 'REACHED_ACCEPTED_SERVICES', notes: INPUT.outreachNotes },
      },
    )
  ).recordOutreachAttempt.attempt;
  const victim = recorded.victims[0].id as string;
  const client = (
    await as<any>('ADVOCATE', 'createClient', 'mutation($input: CreateClientInput!) { createClient(input: $input) { client { id } } }', {
      input: { referralId: referral, incidentVictimId: victim, ...INPUT.client },
    })
  ).createClient.client.id as string;
  const plan = (
    await as<any>(
      'ADVOCATE',
      'saveSafetyPlan',
      `mutation($input: SaveSafetyPlanInput!) {
    saveSafetyPlan(input: $input) { safetyPlan { id version createdAt createdBy } } }`,
      { input: { clientId: client, ...INPUT.plan } },
    )
  ).saveSafetyPlan.safetyPlan;
  const serviceReferral = (
    await as<any>(
      'ADVOCATE',
      'createServiceReferral',
      `mutation($input: CreateServiceReferralInput!) {
    createServiceReferral(input: $input) { serviceReferral { id createdAt updatedAt } } }`,
      { input: { clientId: client, ...INPUT.serviceReferral } },
    )
  ).createServiceReferral.serviceReferral;
  const danger = (
    await as<any>(
      'ADVOCATE',
      'recordDangerAssessment',
      `mutation($input: RecordDangerAssessmentInput!) {
    recordDangerAssessment(input: $input) { dangerAssessment { id administeredAt answers neverLivedTogether score band administeredBy } } }`,
      {
        input: { clientId: client, answers: INPUT.dangerAnswers, neverLivedTogether: false },
      },
    )
  ).recordDangerAssessment.dangerAssessment;
  const CONSENT = 'mutation($input: RecordConsentInput!) { recordConsent(input: $input) { consent { id } } }';
  const consent = (await as<any>('ADVOCATE', 'recordConsent', CONSENT, { input: { clientId: client, ...INPUT.consent, dataClasses: ['CONTACT_DETAILS'] } }))
    .recordConsent.consent.id as string;
  const revokedConsent = (
    await as<any>('ADVOCATE', 'recordConsent (to revoke)', CONSENT, {
      input: { clientId: client, ...INPUT.consent, purpose: INPUT.revokedConsentPurpose, dataClasses: ['DANGER_ASSESSMENT'] },
    })
  ).recordConsent.consent.id as string;
  await as('ADVOCATE', 'revokeConsent', 'mutation($id: ID!) { revokeConsent(input: { consentId: $id }) { consent { id } } }', { id: revokedConsent });

  // tiering: the feed's tier (C) and its notification: rescheduled, cleared by the advocates, delivered; then the offer of help moves on.
  const NOTIFICATIONS = 'query($id: ID!) { offender(id: $id) { notifications { id status } serviceReferrals { id status } } }';
  const first = (await as<any>('OFFICER', 'notifications', NOTIFICATIONS, { id: offender })).offender.notifications;
  if (first.length !== 1) throw new Error(`canary world: expected one notification after the feed, got ${JSON.stringify(first)}`);
  const clearAndAttempt = async (id: string, reason: string, outcome: string) => {
    await as(
      'OFFICER',
      'rescheduleNotification',
      `mutation($input: RescheduleNotificationInput!) { rescheduleNotification(input: $input) { notification { id } } }`,
      {
        input: { notificationId: id, dueAt: iso(Date.now() + 5 * DAY), reason },
      },
    );
    await as(
      'ADVOCATE',
      'clearNotification',
      `mutation($input: ClearNotificationInput!) { clearNotification(input: $input) { advocateClearance { notificationId } } }`,
      {
        input: { notificationId: id, referralId: referral, note: INPUT.clearanceNote },
      },
    );
    await t.drainFeeds();
    await as(
      'OFFICER',
      'recordNotificationDelivery',
      `mutation($input: RecordNotificationDeliveryInput!) { recordNotificationDelivery(input: $input) { notification { id } } }`,
      {
        input: { notificationId: id, deliveredAt: iso(Date.now() - 60_000), outcome },
      },
    );
  };
  await clearAndAttempt(first[0].id, INPUT.reschedule[0]!, 'DELIVERED');
  const offered = (await as<any>('OFFICER', 'serviceReferrals', NOTIFICATIONS, { id: offender })).offender.serviceReferrals as { id: string }[];
  if (offered.length < 2) throw new Error(`canary world: the delivered notification offered ${offered.length} services`);
  const UPDATE = 'mutation($input: UpdateOffenderServiceReferralInput!) { updateOffenderServiceReferral(input: $input) { referral { id } } }';
  // The first (batterer intervention) stays OFFERED: the coordinator sends it to the provider once the site directory names one.
  if (offered.length < 3) throw new Error(`canary world: the delivered notification offered ${offered.length} services`);
  for (const status of ['ACCEPTED', 'ENROLLED', 'COMPLETED'])
    await as('OFFICER', `referral ${status}`, UPDATE, { input: { referralId: offered[1]!.id, status } });
  await as('OFFICER', 'referral DECLINED', UPDATE, { input: { referralId: offered[2]!.id, status: 'DECLINED' } });

  // The coordinator overrides the tier (B): a new CALL_IN notification (cleared, one failed attempt, missed at a call-in, still in the queue) and a prosecution flag.
  await as('COORDINATOR', 'overrideTier', 'mutation($input: OverrideTierInput!) { overrideTier(input: $input) { assignment { id } } }', {
    input: { offenderId: offender, level: 'B', justification: INPUT.justification },
  });
  const second = (await as<any>('OFFICER', 'notifications', NOTIFICATIONS, { id: offender })).offender.notifications.find((n: any) => n.id !== first[0].id);
  if (!second) throw new Error('canary world: the override scheduled no notification');
  await clearAndAttempt(second.id, INPUT.reschedule[1]!, 'NOT_LOCATED');

  // Program workflows: the site's voice (the letters, in Spanish, then speak in it); a call-in the offender missed (its
  // notification rescheduled, still in the queue); a review of that notification, closed by the coordinator (no mutation
  // opens one: the feed's amendment does, so it is written here as the ledger's trigger writes it).
  await as('COORDINATOR', 'publishSiteProfile', 'mutation($input: PublishSiteProfileInput!) { publishSiteProfile(input: $input) { profile { version } } }', {
    input: INPUT.site,
  });
  // Offender-service providers: the coordinator sends the batterer-intervention referral to the provider the directory names
  // (tiering copies the offender's name from incidents); the provider accepts it and enrols him. (ENROLLED: "accepted" is
  // inside an outreach outcome the advocates read, REACHED_ACCEPTED_SERVICES, so it cannot be a canary status.)
  await as(
    'COORDINATOR',
    'sendReferralToProvider',
    'mutation($input: SendReferralToProviderInput!) { sendReferralToProvider(input: $input) { referral { id } } }',
    { input: { referralId: offered[0]!.id } },
  );
  for (const status of ['ACCEPTED', 'ENROLLED'])
    await as(
      'SERVICE_PROVIDER',
      `recordProviderReferralStatus ${status}`,
      'mutation($input: RecordProviderReferralStatusInput!) { recordProviderReferralStatus(input: $input) { referral { id } } }',
      { input: { referralId: offered[0]!.id, status } },
      { agency: PROVIDER },
    );
  const draft = (
    await as<any>(
      'COORDINATOR',
      'draftLetterTemplate',
      'mutation($input: DraftLetterTemplateInput!) { draftLetterTemplate(input: $input) { template { id } } }',
      {
        input: INPUT.template,
      },
    )
  ).draftLetterTemplate.template.id as string;
  await as('COORDINATOR', 'approveLetterTemplate', 'mutation($id: ID!) { approveLetterTemplate(input: { templateId: $id }) { template { id } } }', {
    id: draft,
  });
  const sessionId = (
    await as<any>(
      'COORDINATOR',
      'scheduleCallInSession',
      'mutation($input: ScheduleCallInSessionInput!) { scheduleCallInSession(input: $input) { session { id } } }',
      {
        input: { ...INPUT.callIn, startsAt: iso(t.clock.now().getTime() + 3600_000) },
      },
    )
  ).scheduleCallInSession.session.id as string;
  await as('COORDINATOR', 'inviteToCallIn', 'mutation($input: InviteToCallInInput!) { inviteToCallIn(input: $input) { session { id } } }', {
    input: { sessionId, offenderIds: [offender] },
  });
  t.clock.advance(2 * 3600_000);
  await as(
    'COORDINATOR',
    'recordCallInAttendance',
    'mutation($input: RecordCallInAttendanceInput!) { recordCallInAttendance(input: $input) { session { id } } }',
    {
      input: { sessionId, attendance: [{ offenderId: offender, attended: false }] },
    },
  );
  const [review] = await t.sql<{ id: string }>(
    'tiering',
    `INSERT INTO notification_review (notification_id, offender_id, agency_ori, incident_id, reason, opened_at)
    VALUES ($1, $2, $3, $4, $5, now()) RETURNING id`,
    [second.id, offender, POLICE, incident, INPUT.review.reason],
  );
  await as(
    'COORDINATOR',
    'closeNotificationReview',
    'mutation($input: CloseNotificationReviewInput!) { closeNotificationReview(input: $input) { review { id } } }',
    {
      input: { reviewId: review!.id, resolution: INPUT.review.resolution },
    },
  );
  await as('OFFICER', 'setPreferredLanguage', 'mutation($input: SetPreferredLanguageInput!) { setPreferredLanguage(input: $input) { offender { id } } }', {
    input: { offenderId: offender, language: 'ES' },
  });
  const active = (await as<any>('COORDINATOR', 'activeTierPolicy', '{ activeTierPolicy { rules } }')).activeTierPolicy.rules;
  const policyRules = { ...active, summary: INPUT.policy.summary };
  await as('COORDINATOR', 'publishTierPolicy', 'mutation($input: PublishTierPolicyInput!) { publishTierPolicy(input: $input) { policy { version } } }', {
    input: { version: INPUT.policy.version, rules: policyRules },
  });
  await t.drainFeeds();

  // Read back what the services made (ids, times, computed values), as the records' owners.
  const TIER_ROWS = async () =>
    (
      await as<any>(
        'OFFICER',
        'tier rows',
        `query($id: ID!) { offender(id: $id) {
    tierHistory { id level previousLevel rule explanation isOverride assignedAt effectiveAt policyVersion assignedBy justification incidents { id } otherAgencyIncidentCount }
    notifications { id type tierAtNotice dueAt overdue status deliveredAt deliveredBy outcome servicesOffered templateVersion clearance { state deadline }
      history { kind at outcome dueAt reason } letter { templateVersion language } assignment { id } }
    prosecutionFlags { id tier fastTrack bondRecommendation raisedAt assignment { id } }
    serviceReferrals { id service status offeredAt acceptedAt enrolledAt completedAt declinedAt providerAgency sentToProviderAt notification { id } } } }`,
        { id: offender },
      )
    ).offender;
  let tierRows = await TIER_ROWS();
  const incidentRow = (
    await as<any>(
      'OFFICER',
      'incident row',
      `query($id: ID!) { incident(id: $id) {
    occurredAt reportedAt relationship weapon { code description } weaponInvolved injury { code description } offenses { code description attempted }
    protectiveOrderViolation protectiveOrderInForce version versions { version recordedAt supersededAt changedFields snapshot }
    charges { id statute description dvRelated felony chargedOn disposition dispositionDate }
    victims { id name dateOfBirth phone address injury { code description } }
    lethalityScreen { id screenedAt screenedIn result } } }`,
      { id: incident },
    )
  ).incident;
  const orderRow = (await as<any>('OFFICER', 'order row', 'query($id: ID!) { protectiveOrder(id: $id) { issuedOn expiresOn inForce version } }', { id: po.id }))
    .protectiveOrder;
  const vs = await as<any>(
    'ADVOCATE',
    'victim-services rows',
    `query($r: ID!, $c: ID!) {
    referral(id: $r) { referredAt policeAgency incidentOccurredAt firstContactAt state agency }
    client(id: $c) { createdAt consents { id signedAt expiresAt revokedAt active recordedAt agency } } }`,
    { r: referral, c: client },
  );
  const clearances = [];
  for (const n of tierRows.notifications as { id: string }[]) {
    clearances.push(
      (
        await as<any>(
          'ADVOCATE',
          'advocate clearance',
          'query($id: ID!) { notification(id: $id) { advocateClearance { notificationId clearedAt clearedBy note } } }',
          { id: n.id },
        )
      ).notification.advocateClearance,
    );
  }
  const policies = (
    await as<any>('COORDINATOR', 'tier policies', '{ tierPolicies(first: 10) { edges { node { version summary publishedAt } } } }')
  ).tierPolicies.edges.map((e: any) => e.node);
  const incidentEvents = await t.sql<Row>('incidents', `SELECT id, type, recorded_at FROM incident_event WHERE incident_id = $1 ORDER BY recorded_at`, [
    incident,
  ]);
  const clearanceEvents = await t.sql<Row>('victim-services', 'SELECT id, notification_id, cleared_at FROM clearance_event ORDER BY seq');
  // The referral as its provider reads it (the one it was sent).
  const providerReferrals = (
    await as<any>(
      'SERVICE_PROVIDER',
      'providerReferrals',
      `{ providerReferrals(first: 5) { edges { node { id offenderName service status offeredAt sentAt acceptedAt enrolledAt completedAt declinedAt } } } }`,
      {},
      { agency: PROVIDER },
    )
  ).providerReferrals.edges.map((e: any) => e.node) as Row[];
  if (providerReferrals.length !== 1) throw new Error(`canary world: the provider reads ${providerReferrals.length} referrals`);
  const program = await as<any>(
    'COORDINATOR',
    'program rows',
    `query($id: ID!) { siteProfile { publishedAt }
    letterTemplates(first: 5) { edges { node { id version draftedAt approvedAt templateVersion } } }
    callInSession(id: $id) { id startsAt scheduledAt scheduledBy invitations { id attendance recordedAt rescheduledTo } }
    notificationReviews(first: 5) { edges { node { id openedAt closedAt } } } }`,
    { id: sessionId },
  );

  // The canary audit event of each trail (no mutation writes one: straight into the store, as a subgraph does).
  const a = INPUT.audit;
  const audit: World['audit'] = {};
  for (const s of SERVICE_NAMES) {
    await new AuditStore(t.hub.services[s].dataSource).append(
      { requestId: a.requestId, subject: a.subject, role: 'OFFICER', agency: a.agency, operation: a.operation },
      [{ action: 'READ', fieldPath: 'Incident.narrative', outcome: 'ALLOWED', entityIds: [incident], consentId: a.consentId }],
    );
    const rows = await t.sql<Row>(s, 'SELECT * FROM audit_event WHERE subject = $1', [a.subject]);
    if (rows.length !== 1) throw new Error(`canary world: the ${s} trail holds ${rows.length} canary events`);
    audit[s] = rows[0]!;
  }

  // The second department records the same person (same name and date of birth), after the first pair's records are read
  // back: whatever that does to the first department's person must not show in what the first pair was shown above.
  const twin = await recordSecondDepartment(t, as);
  // Every incident's events (the service principals read the whole feed), the second department's included.
  const incidentEventCount = (await t.sql<{ n: number }>('incidents', 'SELECT count(*)::int AS n FROM incident_event'))[0]!.n;
  // The twin made a "possible same person" candidate (issue 9.1); the first department's coordinator (who owns the
  // existing record) confirms it, so the candidate, its link and the link's feed event hold canary values.
  const candidates = (
    await as<any>(
      'COORDINATOR',
      'personLinkCandidates',
      `{ personLinkCandidates(first: 5) { edges { node {
    id status reasons proposedAt existing { agency name dateOfBirth offender { id } } proposed { agency name dateOfBirth } } } } }`,
    )
  ).personLinkCandidates.edges.map((e: any) => e.node);
  const candidate = candidates.find((c: any) => c.existing.offender?.id === offender);
  if (!candidate) throw new Error(`canary world: the second department's record made no candidate: ${JSON.stringify(candidates)}`);
  const confirmed = (
    await as<any>(
      'COORDINATOR',
      'confirmPersonLink',
      `mutation($input: ConfirmPersonLinkInput!) { confirmPersonLink(input: $input) {
    candidate { id status decidedAt decidedBy decidedByAgency decisionJustification }
    link { id agencies linkedAt linkedBy linkedByAgency linkJustification unlinkedAt unlinkedBy unlinkedByAgency unlinkJustification } } }`,
      {
        input: { candidateId: candidate.id, justification: INPUT.linkJustification },
      },
    )
  ).confirmPersonLink;
  const personLinkEvents = await t.sql<Row>('incidents', 'SELECT id, type, link_id, recorded_at, payload FROM person_link_event ORDER BY seq');
  await t.drainFeeds();
  // The link makes one person for the tier: tiering re-tiers him with the second department's incident (new assignments,
  // which name that incident to the prosecutors only and count it for the first department's police). Read back again.
  const notificationsBefore = JSON.stringify(tierRows.notifications.map((n: any) => n.id));
  tierRows = await TIER_ROWS();
  if (JSON.stringify(tierRows.notifications.map((n: any) => n.id)) !== notificationsBefore)
    throw new Error(`canary world: the link changed the notifications: ${JSON.stringify(tierRows.notifications)}`);
  const after = (
    await as<any>(
      'OFFICER',
      'linked offender',
      `query($id: ID!) { offender(id: $id) { linkedAgencies
    partnerNotifications { agency type tierAtNotice dueAt status clearanceState } } }`,
      { id: offender },
    )
  ).offender;
  const personLink = {
    candidate: { ...candidate, ...confirmed.candidate, link: confirmed.link },
    link: confirmed.link,
    events: personLinkEvents,
    offender: after,
  };
  // Every event's time on the feed once the world is made (the second department's events too): service principals read them all.
  const incidentEventTimes = (await t.sql<{ recorded_at: Date }>('incidents', 'SELECT recorded_at FROM incident_event ORDER BY recorded_at')).map((r) =>
    r.recorded_at.toISOString(),
  );

  return {
    offender,
    incident,
    victim,
    order: po.id,
    charge: recorded.charges[0].id,
    screen: screened.incident.lethalityScreen.id,
    otherOffender: twin.offenders[0].id,
    otherIncident: twin.id,
    otherVictim: twin.victims[0].id,
    sharedPersonLinked: twin.offenders[0].id === offender,
    referral,
    client,
    plan,
    serviceReferral,
    danger,
    attempt,
    consents: vs.client.consents,
    consent,
    revokedConsent,
    assignments: tierRows.tierHistory,
    notifications: tierRows.notifications,
    flags: tierRows.prosecutionFlags,
    offenderReferrals: tierRows.serviceReferrals,
    providerReferral: providerReferrals[0]!,
    notification: second.id,
    clearances,
    clearanceEvents,
    policies,
    policyRules,
    incidentRow,
    orderRow,
    versions: incidentRow.versions,
    referralRow: vs.referral,
    clientRow: vs.client,
    incidentEvents,
    incidentEventCount,
    incidentEventTimes,
    audit,
    personLink,
    site: program.siteProfile,
    template: program.letterTemplates.edges[0].node,
    session: program.callInSession,
    review: program.notificationReviews.edges[0].node,
  };
}

type As = <T = Record<string, any>>(role: Role, what: string, query: string, variables?: Record<string, unknown>, opts?: TokenOptions) => Promise<T>;

/** The second department's incident: the canary offender's name and date of birth, recorded by its own officer; its feeds drained. */
async function recordSecondDepartment(t: TestHub, as: As): Promise<any> {
  const { offender: off, incident: inc } = INPUT;
  const twin = (
    await as<any>(
      'OFFICER',
      'recordIncident (second department)',
      `mutation($input: RecordIncidentInput!) {
    recordIncident(input: $input) { incident { id offenders { id } victims { id } } } }`,
      {
        input: {
          agencyOri: OTHER_POLICE,
          rmsNumber: INPUT.twin.rmsNumber,
          occurredAt: inc.occurredAt,
          offenses: ['13B'],
          relationshipCode: 'BG',
          arrestMade: true,
          narrative: INPUT.twin.narrative,
          offender: { name: off.name, dateOfBirth: off.dateOfBirth },
          victims: [{ name: INPUT.twin.victim }],
        },
      },
      { agency: OTHER_POLICE },
    )
  ).recordIncident.incident;
  await t.drainFeeds();
  return twin;
}
