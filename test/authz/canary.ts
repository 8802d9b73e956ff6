/**
 * Canary data for the exhaustive authorization test: the canary world (test/authz/world.ts, made
 * through the real mutations), in scope for every role whose row scope is not NONE (plus the second
 * police department's incident of the same person), and the value every field shows for it, distinct enough to
 * search for in a response. When a field is added to a schema, give it a value here (and make the
 * world hold one), or list it in NOT_REACHABLE with a reason: the test fails until then. A new
 * consent-gated field must say in CONSENTED whether the canary consent releases it.
 */
import { ADVOCATE_ROLES, SERVICE_NAMES, auditQueryField, type Resource, type Role, type ServiceName } from '@ipvi/core';
import { defaultAgency, type TestHub } from '../harness/hub';
import type { PathFixture } from './paths';
import { INPUT, OTHER_POLICE, POLICE, makeWorld, type World } from './world';

/** The value is there (non-null, non-empty), whatever it is (cursors, nested objects, rendered letters). */
export const PRESENT = Symbol('present');
/** Any one of these values (a type with several canary rows and no id to tell them apart). */
export class AnyOf {
  constructor(readonly values: readonly unknown[]) {}
}
const anyOf = (...values: unknown[]) => new AnyOf(values);
export type Expected = unknown;

/** Ids of the canary rows (filled in by insertCanaries()). */
export const CANARY = {
  offender: '',
  incident: '',
  victim: '',
  notification: '',
  referral: '',
  client: '',
  order: '',
  consent: '',
  otherOffender: '',
  otherIncident: '',
  otherVictim: '',
  otherAgency: OTHER_POLICE,
  auditSubject: INPUT.audit.subject,
};

/** The canary value of each field ("Type.field"), whatever the row (filled in by insertCanaries()). */
export const VALUES: Record<string, Expected> = {};
/** Types with several canary rows: the value of each field on each row, by row id (the probes read the parent's id). */
export const ROWS: Record<string, Record<string, Record<string, Expected>>> = {};
/** The canary audit event of each subgraph's trail, by field. */
const auditValues: Partial<Record<ServiceName, Record<string, Expected>>> = {};

const connection = (types: string[], totalCount: (t: string) => unknown) =>
  Object.fromEntries(
    types.flatMap((n) => [
      [`${n}Connection.edges`, PRESENT],
      [`${n}Connection.pageInfo`, PRESENT],
      [`${n}Connection.totalCount`, totalCount(n)],
      [`${n}Edge.cursor`, PRESENT],
      [`${n}Edge.node`, PRESENT],
    ]),
  );
const fieldsOf = (type: string, row: Record<string, unknown>, composite: readonly string[] = []) => ({
  ...Object.fromEntries(
    Object.entries(row)
      .filter(([k]) => !composite.includes(k))
      .map(([k, v]) => [`${type}.${k}`, v]),
  ),
  ...Object.fromEntries(composite.map((k) => [`${type}.${k}`, PRESENT])),
});

/** Payload types are read only in the answer of a write; the write itself is decided by the write policy (test/authz does not walk mutations). */
const PAYLOADS: Readonly<Record<string, readonly string[]>> = {
  RecordIncidentPayload: ['incident', 'created', 'amended', 'duplicates'],
  AmendIncidentPayload: ['incident', 'amended', 'duplicates'],
  RecordProtectiveOrderPayload: ['protectiveOrder', 'created', 'duplicates'],
  RecordLethalityScreenPayload: ['incident', 'created', 'amended'],
  PossibleDuplicate: ['offender', 'reason'],
  PublishTierPolicyPayload: ['policy'],
  OverrideTierPayload: ['assignment'],
  NotificationPayload: ['notification'],
  RescheduleNotificationPayload: ['notification'],
  WaiveNotificationGatePayload: ['notification'],
  OffenderServiceReferralPayload: ['referral'],
  SendReferralToProviderPayload: ['referral'],
  RecordProviderReferralStatusPayload: ['referral'],
  SetPreferredLanguagePayload: ['offender'],
  ScheduleCallInSessionPayload: ['session'],
  InviteToCallInPayload: ['session'],
  RecordCallInAttendancePayload: ['session'],
  PublishSiteProfilePayload: ['profile'],
  DraftLetterTemplatePayload: ['template'],
  ApproveLetterTemplatePayload: ['template'],
  CloseNotificationReviewPayload: ['review'],
  CreateClientPayload: ['client'],
  UpdateClientPayload: ['client'],
  ReferralPayload: ['referral'],
  OutreachAttemptPayload: ['attempt', 'referral'],
  SafetyPlanPayload: ['safetyPlan'],
  CreateServiceReferralPayload: ['serviceReferral'],
  UpdateServiceReferralPayload: ['serviceReferral'],
  ConfirmPersonLinkPayload: ['candidate', 'link'],
  RejectPersonLinkPayload: ['candidate'],
  UnlinkPersonsPayload: ['link', 'candidate'],
  DangerAssessmentPayload: ['dangerAssessment'],
  ConsentPayload: ['consent'],
  NotificationClearancePayload: ['advocateClearance', 'notification'],
};

/** Fields the walk does not reach, and why. */
export const NOT_REACHABLE: Readonly<Record<string, string>> = {
  ...Object.fromEntries(
    Object.entries(PAYLOADS).flatMap(([type, fields]) =>
      fields.map((f) => [
        `${type}.${f}`,
        type === 'PossibleDuplicate'
          ? 'returned only in the payload of recordIncident / amendIncident / recordProtectiveOrder (a write)'
          : `a mutation payload: returned only in the answer of a write, which the write policy decides`,
      ]),
    ),
  ),
};

// TODO(authz): PartnerNotification.* has no canary value yet: in the canary world the only other-agency notice (the second
// department's tier-C notice of the twin) is superseded when the link re-tiers the person, so the first pair reaches none
// (Offender.partnerNotifications is [] for them, checked as such). The world needs a pending notice of the second department.
/** Rows each subgraph filters by the policy's row scope, by the type that carries them. */
export const SCOPED: Readonly<Partial<Record<ServiceName, Record<string, Resource>>>> = {
  incidents: { Offender: 'incident', Incident: 'incident', ProtectiveOrder: 'incident', AuditEvent: 'auditEvent' },
  tiering: { TierAssignment: 'incident', Notification: 'notification', AuditEvent: 'auditEvent', ProviderReferral: 'providerReferral' },
  'victim-services': { OutreachSummary: 'client', Referral: 'client', Client: 'client', AuditEvent: 'auditEvent' },
};

/**
 * Every consent-gated field, and whether the canary consents release it to the canary police agency
 * (the agency of every police role's probes): CONTACT_DETAILS by an active consent; DANGER_ASSESSMENT
 * by a consent that was revoked; SERVICES_SUMMARY never. Both paths are probed for every police role.
 */
export const CONSENTED: Readonly<Record<string, boolean>> = {
  'ConsentedRelease.contact': true,
  ...Object.fromEntries(['name', 'preferredLanguage', 'safeToContact', 'contactMethods', 'address'].map((f) => [`ConsentedContact.${f}`, true])),
  ...Object.fromEntries(['channel', 'value', 'safeToLeaveMessage', 'instructions'].map((f) => [`ConsentedContactMethod.${f}`, true])),
  'ConsentedRelease.dangerAssessment': false,
  ...Object.fromEntries(['score', 'band', 'administeredAt'].map((f) => [`ConsentedDangerAssessment.${f}`, false])),
  'ConsentedRelease.services': false,
  ...Object.fromEntries(['kind', 'status'].map((f) => [`ConsentedService.${f}`, false])),
};

let consentId = '';

/** Whether a canary consent releases a consent-gated field to the role's probes (their agency is the role's default one). */
export function consentGranted(role: Role, coordinate: string): boolean {
  return CONSENTED[coordinate] === true && defaultAgency(role) === INPUT.consent.recipientAgency;
}

/** The consent an allowed consent-gated read must name in the audit trail. */
export function consentUsed(coordinate: string): string | undefined {
  return CONSENTED[coordinate] ? consentId : undefined;
}

export const PATH_FIXTURE: { ids: Record<string, string>; args: Record<string, Record<string, unknown>> } & PathFixture = {
  ids: {},
  // An override's assignment names no incidents: a path through it would reach none.
  notThrough: ['TierAssignment.incidents'],
  args: Object.fromEntries(SERVICE_NAMES.map((s) => [`Query.${auditQueryField(s)}`, { filter: { subject: INPUT.audit.subject } }])),
};

/**
 * Analysts' aggregates (issue 13): counts, not rows, so no canary value can be planted in them. The
 * probes read the partnership total (no groupBy: one cell, present even without data); the canary
 * world is small, so its counts are 0 or suppressed (null). The values below say what an allowed
 * role sees; the denials are checked like any other field's. test/analytics-*.test.ts checks the
 * numbers themselves.
 */
const COUNT = anyOf(null, ...Array.from({ length: 11 }, (_, i) => i));
const FLAG = anyOf(true, false);
const aggregate = (type: string, cell: string, reportExtra: Record<string, Expected>, cellFields: Record<string, Expected>) => ({
  ...fieldsOf(type, { definition: PRESENT, threshold: 11, ...reportExtra }, ['cells']),
  ...fieldsOf(cell, { ...cellFields, suppressed: FLAG }),
});
Object.assign(VALUES, {
  ...Object.fromEntries(
    ['recidivism', 'tierDistribution', 'tierMovement', 'notificationTimeliness', 'intimatePartnerIncidents', 'outreachReach', 'victimServiceActivity'].map(
      (f) => [`Query.${f}`, PRESENT],
    ),
  ),
  ...aggregate(
    'RecidivismReport',
    'RecidivismCell',
    { windowDays: 365, asOf: PRESENT, excluded: COUNT, excludedSuppressed: FLAG },
    { tier: null, cohort: null, agency: null, offenders: COUNT, reoffended: COUNT, rate: null },
  ),
  ...aggregate('TierDistributionReport', 'TierDistributionCell', {}, { period: PRESENT, asOf: PRESENT, tier: null, agency: null, offenders: COUNT }),
  ...aggregate(
    'TierMovementReport',
    'TierMovementCell',
    {},
    { firstAssignment: null, fromTier: null, toTier: null, period: null, agency: null, assignments: COUNT },
  ),
  ...aggregate(
    'NotificationTimelinessReport',
    'TimelinessCell',
    { asOf: PRESENT },
    {
      tier: null,
      type: null,
      period: null,
      agency: null,
      notifications: COUNT,
      delivered: COUNT,
      deliveredOnTime: COUNT,
      onTimeShare: null,
      overdue: COUNT,
      medianHoursToDelivery: null,
      p90HoursToDelivery: null,
    },
  ),
  ...aggregate(
    'IpIncidentReport',
    'IpIncidentCell',
    {},
    { period: null, agency: null, offense: null, relationship: null, arrest: null, injury: null, lapScreen: null, incidents: COUNT },
  ),
  ...aggregate(
    'OutreachReachReport',
    'OutreachReachCell',
    {},
    { period: null, agency: null, referrals: COUNT, reached: COUNT, reachedShare: null, medianHoursToFirstContact: null },
  ),
  ...aggregate('VictimServiceActivityReport', 'VictimServiceActivityCell', {}, { activity: null, period: null, agency: null, count: COUNT }),
});
PATH_FIXTURE.args['Query.recidivism'] = { windowDays: 365 };

const typeOf = (coordinate: string) => coordinate.slice(0, coordinate.indexOf('.'));

/** Why a field has no canary value in a subgraph (undefined: it has one). */
export function missingValue(coordinate: string, graph: ServiceName): string | undefined {
  if (coordinate in VALUES || (auditValues[graph] && coordinate in auditValues[graph]!)) return undefined;
  const rows = Object.values(ROWS[typeOf(coordinate)] ?? {});
  if (!rows.length) return 'no canary value in test/authz/canary.ts';
  return rows.every((r) => coordinate in r) ? undefined : 'a canary row of its type has no value for it (ROWS in test/authz/canary.ts)';
}

/** The canary value of a field as a subgraph serves it, on the row with this id when the type has several. */
export function expectedValue(coordinate: string, graph: ServiceName, rowId?: unknown): Expected | undefined {
  const row = typeof rowId === 'string' ? ROWS[typeOf(coordinate)]?.[rowId] : undefined;
  if (row && coordinate in row) return row[coordinate];
  return coordinate in VALUES ? VALUES[coordinate] : auditValues[graph]?.[coordinate];
}

/** Whether the type has canary rows told apart by id. */
export function hasRows(type: string): boolean {
  return type in ROWS;
}

/** Every canary value a field may show (whatever the subgraph and row), for searching responses. */
export function allValues(coordinate: string): Expected[] {
  const out: Expected[] = [];
  const add = (v: Expected) => (v instanceof AnyOf ? out.push(...v.values) : out.push(v));
  if (coordinate in VALUES) add(VALUES[coordinate]);
  for (const row of Object.values(ROWS[typeOf(coordinate)] ?? {})) if (coordinate in row) add(row[coordinate]);
  for (const v of Object.values(auditValues)) if (coordinate in v!) add(v![coordinate]);
  return out;
}

const idsOf: Record<string, string[]> = {};

/** The ids of the canary rows of a type (what an audit record of their fields names), in a subgraph. */
export function canaryIdsOf(type: string, graph: ServiceName): string[] | undefined {
  if (type === 'AuditEvent') return auditValues[graph] ? [auditValues[graph]!['AuditEvent.id'] as string] : undefined;
  return idsOf[type];
}

function fill(w: World): void {
  const I = INPUT;
  const inc = I.incident;
  const ir = w.incidentRow as Record<string, any>;
  const victim = ir.victims[0];
  const charge = ir.charges[0];
  const screen = ir.lethalityScreen;
  Object.assign(CANARY, {
    offender: w.offender,
    incident: w.incident,
    victim: w.victim,
    notification: w.notification,
    referral: w.referral,
    client: w.client,
    order: w.order,
    consent: w.consent,
    otherOffender: w.otherOffender,
    otherIncident: w.otherIncident,
    otherVictim: w.otherVictim,
  });
  consentId = w.consent;
  Object.assign(PATH_FIXTURE.ids, {
    Offender: w.offender,
    Incident: w.incident,
    ProtectiveOrder: w.order,
    Notification: w.notification,
    Referral: w.referral,
    Client: w.client,
    CallInSession: w.session.id as string,
  });
  Object.assign(idsOf, {
    CallInSession: [w.session.id as string],
    CallInInvitation: [(w.session.invitations as { id: string }[])[0]!.id],
    NotificationReview: [w.review.id as string],
  });
  PATH_FIXTURE.args['Query.consentedRelease'] = { incidentVictimId: w.victim };
  PATH_FIXTURE.args['Query.offenderNameForReferral'] = { id: w.offender };
  Object.assign(idsOf, {
    Offender: [w.offender],
    Incident: [w.incident],
    IncidentVictim: [w.victim],
    Charge: [w.charge],
    LethalityScreen: [w.screen],
    ProtectiveOrder: [w.order],
    IncidentEvent: w.incidentEvents.map((e) => e.id as string),
    ConsentedRelease: [w.victim.toLowerCase()],
    TierAssignment: w.assignments.map((a) => a.id as string),
    Notification: w.notifications.map((n) => n.id as string),
    ProsecutionFlag: w.flags.map((f) => f.id as string),
    OffenderServiceReferral: w.offenderReferrals.map((r) => r.id as string),
    ProviderReferral: [w.providerReferral.id as string],
    ReferralName: [w.offender],
    ClearanceEvent: w.clearanceEvents.map((e) => e.id as string),
    Referral: [w.referral],
    Client: [w.client],
    OutreachAttempt: [w.attempt.id as string],
    SafetyPlan: [w.plan.id as string],
    ServiceReferral: [w.serviceReferral.id as string],
    DangerAssessment: [w.danger.id as string],
    Consent: w.consents.map((c) => c.id as string),
  });
  const latestPolicy = w.policies.find((p) => p.version === I.policy.version)!;
  const codes = [ir.weapon, ir.injury, victim.injury] as { code: string; description: string }[];
  const client = I.client;
  const method = client.contactMethods[0]!;
  const pl = w.personLink as { candidate: Record<string, any>; link: Record<string, any>; events: Record<string, any>[]; offender: Record<string, any> };
  Object.assign(VALUES, {
    ...fieldsOf('Offender', { id: w.offender, ...I.offender, preferredLanguage: 'ES' }, [
      'incidents',
      'protectiveOrders',
      'tier',
      'tierHistory',
      'notifications',
      'tierHistoryConnection',
      'notificationsConnection',
      'prosecutionFlags',
      'serviceReferrals',
    ]),
    ...fieldsOf(
      'Incident',
      {
        id: w.incident,
        agencyOri: inc.agencyOri,
        rmsNumber: inc.rmsNumber,
        occurredAt: ir.occurredAt,
        reportedAt: ir.reportedAt,
        location: inc.location,
        relationshipCode: inc.relationshipCode,
        relationship: ir.relationship,
        isIntimatePartner: true,
        intimatePartnerValidated: true,
        arrestMade: true,
        weaponInvolved: ir.weaponInvolved,
        childrenPresent: true,
        narrative: inc.narrative,
        reportingOfficer: inc.reportingOfficer,
        protectiveOrderViolation: true,
        protectiveOrderInForce: true,
        version: 2,
      },
      ['offenses', 'weapon', 'injury', 'charges', 'offenders', 'victims', 'lethalityScreen', 'violatedProtectiveOrder', 'versions', 'tierEffect', 'outreach'],
    ),
    'Offense.code': anyOf(...ir.offenses.map((o: any) => o.code)),
    'Offense.description': anyOf(...ir.offenses.map((o: any) => o.description)),
    'Offense.attempted': false,
    'CodedValue.code': anyOf(...codes.map((c) => c.code)),
    'CodedValue.description': anyOf(...codes.map((c) => c.description)),
    ...fieldsOf('Charge', charge),
    ...fieldsOf('IncidentVictim', { id: victim.id, name: victim.name, dateOfBirth: victim.dateOfBirth, phone: victim.phone, address: victim.address }, [
      'injury',
    ]),
    ...fieldsOf('LethalityScreen', { ...I.screen, id: screen.id, screenedAt: screen.screenedAt, screenedIn: screen.screenedIn, result: screen.result }),
    ...fieldsOf(
      'ProtectiveOrder',
      {
        id: w.order,
        agencyOri: I.order.agencyOri,
        orderNumber: I.order.orderNumber,
        orderType: I.order.orderType,
        court: I.order.court,
        issuedOn: w.orderRow.issuedOn,
        expiresOn: w.orderRow.expiresOn,
        inForce: true,
        version: w.orderRow.version,
        protectedPartyName: I.order.protectedParty.name,
        protectedPartyDateOfBirth: I.order.protectedParty.dateOfBirth,
      },
      ['restrainedOffender', 'violations'],
    ),
    ...fieldsOf('IncidentVersion', { ...w.versions[0]! }, ['snapshot']),
    ...fieldsOf(
      'IncidentEvent',
      {
        id: anyOf(...w.incidentEvents.map((e) => e.id)),
        type: anyOf('INCIDENT_RECORDED', 'INCIDENT_AMENDED'),
        recordedAt: anyOf(...w.incidentEventTimes),
        incidentId: w.incident,
        agencyOri: inc.agencyOri,
        rmsNumber: inc.rmsNumber,
        occurredAt: ir.occurredAt,
        offenderIds: [w.offender],
        victimPartyIds: [w.victim],
        isIntimatePartner: true,
        relationshipCode: 'BG',
        arrestMade: true,
        offenseCodes: inc.offenses,
        protectiveOrderViolation: true,
        weaponInvolved: ir.weaponInvolved,
      },
      ['charges', 'victims'],
    ),
    ...fieldsOf('IncidentEventCharge', { statute: charge.statute, description: charge.description, dvRelated: true, felony: false }),
    ...fieldsOf('IncidentEventVictim', { id: victim.id, name: victim.name, dateOfBirth: victim.dateOfBirth, phone: victim.phone }),
    // tiering
    'NotificationClearance.state': 'CLEARED',
    'NotificationClearance.deadline': anyOf(...w.notifications.map((n: any) => n.clearance.deadline)),
    // The at of GATE_CLEARED is the advocates' clearance time, which the clearance feed hands to tiering for the gate (by design).
    'NotificationEvent.kind': PRESENT,
    'NotificationEvent.at': anyOf(...w.notifications.flatMap((n: any) => n.history.map((e: any) => e.at))),
    'NotificationEvent.outcome': anyOf('DELIVERED', 'NOT_LOCATED'),
    'NotificationEvent.dueAt': PRESENT,
    'NotificationEvent.reason': anyOf(...w.notifications.flatMap((n: any) => n.history.map((e: any) => e.reason)).filter(Boolean)),
    'NotificationLetter.html': PRESENT,
    'NotificationLetter.pdfBase64': PRESENT,
    'NotificationLetter.templateVersion': (w.notifications[0] as any).letter.templateVersion,
    'NotificationLetter.language': 'ES',
    'NotificationLetter.siteProfileVersion': 1,
    // program workflows
    ...fieldsOf(
      'SiteProfile',
      {
        agency: POLICE,
        version: 1,
        partnershipName: I.site.partnershipName,
        letterhead: I.site.letterhead,
        goLiveOn: I.site.goLiveOn,
        missedCallInRescheduleDays: I.site.missedCallInRescheduleDays,
        publishedAt: w.site.publishedAt,
      },
      ['signatories', 'services'],
    ),
    ...fieldsOf('Signatory', I.site.signatories[0]!),
    // offender-service providers: the referral sent to the first provider, as it reads it; the name tiering copied for it
    ...fieldsOf('ProviderReferral', w.providerReferral),
    ...fieldsOf('ReferralName', { id: w.offender, name: I.offender.name }),
    ...fieldsOf('ServiceDirectoryEntry', I.site.services[0]!),
    ...fieldsOf('LetterTemplate', {
      ...I.template,
      id: w.template.id,
      agency: POLICE,
      version: 1,
      templateVersion: w.template.templateVersion,
      state: 'APPROVED',
      draftedAt: w.template.draftedAt,
      approvedAt: w.template.approvedAt,
    }),
    ...fieldsOf(
      'CallInSession',
      {
        id: w.session.id,
        startsAt: w.session.startsAt,
        scheduledAt: w.session.scheduledAt,
        scheduledBy: w.session.scheduledBy,
        agency: POLICE,
        place: I.callIn.place,
      },
      ['speakers', 'invitations'],
    ),
    ...fieldsOf('CallInSpeaker', I.callIn.speakers[0]!),
    ...fieldsOf('CallInInvitation', { ...(w.session.invitations as Record<string, unknown>[])[0]! }, ['offender', 'notification']),
    ...fieldsOf('NotificationReview', { ...w.review, reason: I.review.reason, resolution: I.review.resolution }, ['offender', 'notification']),
    ...fieldsOf('TierPolicy', { version: latestPolicy.version, summary: latestPolicy.summary, publishedAt: latestPolicy.publishedAt, rules: w.policyRules }),
    // victim-services
    ...fieldsOf('OutreachSummary', {
      referralState: 'CONTACTED',
      referredAt: w.referralRow.referredAt,
      firstContactAt: w.referralRow.firstContactAt,
      attempts: 1,
    }),
    ...fieldsOf(
      'Referral',
      {
        id: w.referral,
        state: 'CONTACTED',
        referredAt: w.referralRow.referredAt,
        policeAgency: POLICE,
        incidentOccurredAt: w.referralRow.incidentOccurredAt,
        firstContactAt: w.referralRow.firstContactAt,
        agency: w.referralRow.agency,
      },
      ['incident', 'offenders', 'victims', 'outreachAttempts', 'outreachAttemptsConnection', 'clients'],
    ),
    ...fieldsOf('ReferredVictim', { incidentVictimId: w.victim, name: victim.name, dateOfBirth: victim.dateOfBirth, phone: victim.phone }),
    ...fieldsOf('ContactMethod', method),
    ...fieldsOf('ClientChild', client.children[0]!),
    ...fieldsOf(
      'Client',
      {
        id: w.client,
        name: client.name,
        dateOfBirth: client.dateOfBirth,
        preferredLanguage: client.preferredLanguage,
        safeToContact: true,
        address: client.address,
        shelter: client.shelter,
        incidentVictimId: w.victim,
        assignedAdvocate: client.assignedAdvocate,
        createdAt: w.clientRow.createdAt,
      },
      [
        'contactMethods',
        'children',
        'referral',
        'safetyPlan',
        'safetyPlanHistory',
        'serviceReferrals',
        'dangerAssessments',
        'consents',
        'safetyPlanHistoryConnection',
        'serviceReferralsConnection',
        'dangerAssessmentsConnection',
        'consentsConnection',
      ],
    ),
    ...fieldsOf('OutreachAttempt', w.attempt),
    ...fieldsOf('SafetyPlan', { ...w.plan, ...I.plan }),
    ...fieldsOf('ServiceReferral', { ...w.serviceReferral, ...I.serviceReferral }),
    ...fieldsOf('DangerAssessment', w.danger),
    ...fieldsOf('ConsentedRelease', { incidentVictimId: w.victim }, ['contact', 'dangerAssessment', 'services']),
    ...fieldsOf('ConsentedContact', { name: client.name, preferredLanguage: client.preferredLanguage, safeToContact: true, address: client.address }, [
      'contactMethods',
    ]),
    ...fieldsOf('ConsentedContactMethod', method),
    ...fieldsOf('ConsentedDangerAssessment', { score: w.danger.score, band: w.danger.band, administeredAt: w.danger.administeredAt }),
    ...fieldsOf('ConsentedService', { kind: I.serviceReferral.kind, status: I.serviceReferral.status }),
    ...fieldsOf(
      'AdvocateClearance',
      {
        notificationId: anyOf(...w.clearances.map((c) => c.notificationId)),
        clearedAt: anyOf(...w.clearances.map((c) => c.clearedAt)),
        clearedBy: w.clearances[0]!.clearedBy,
        note: I.clearanceNote,
      },
      ['referral'],
    ),
    ...fieldsOf('ClearanceEvent', {
      id: anyOf(...w.clearanceEvents.map((e) => e.id)),
      type: 'NOTIFICATION_CLEARED',
      notificationId: anyOf(...w.clearanceEvents.map((e) => e.notification_id)),
      clearedAt: anyOf(...w.clearanceEvents.map((e) => (e.cleared_at as Date).toISOString())),
      advocacyAgency: defaultAgency('ADVOCATE'),
    }),
    // person links (issue 9.1): the candidate the twin made, confirmed by the first department's coordinator
    ...fieldsOf(
      'PersonLinkCandidate',
      {
        id: pl.candidate.id,
        status: 'CONFIRMED',
        reasons: pl.candidate.reasons,
        proposedAt: pl.candidate.proposedAt,
        decidedAt: pl.candidate.decidedAt,
        decidedBy: pl.candidate.decidedBy,
        decidedByAgency: POLICE,
        decisionJustification: I.linkJustification,
      },
      ['existing', 'proposed', 'link'],
    ),
    'PersonLinkCandidateRecord.agency': anyOf(POLICE, OTHER_POLICE),
    'PersonLinkCandidateRecord.name': I.offender.name,
    'PersonLinkCandidateRecord.dateOfBirth': I.offender.dateOfBirth,
    'PersonLinkCandidateRecord.offender': PRESENT,
    ...fieldsOf('PersonLink', {
      ...pl.link,
      linkedByAgency: POLICE,
      linkJustification: I.linkJustification,
      unlinkedAt: null,
      unlinkedBy: null,
      unlinkedByAgency: null,
      unlinkJustification: null,
    }),
    ...fieldsOf('PersonLinkEvent', {
      id: anyOf(...pl.events.map((e) => e.id)),
      type: 'PERSONS_LINKED',
      recordedAt: anyOf(...pl.events.map((e) => (e.recorded_at as Date).toISOString())),
      linkId: pl.link.id,
      // PRESENT, not the two ids: the twin's id is the second department's own, and a feed-only value would make it "denied" to its officers.
      offenderIds: PRESENT,
      agencies: anyOf([POLICE, OTHER_POLICE], [OTHER_POLICE, POLICE]),
    }),
    'Offender.linkedAgencies': anyOf([OTHER_POLICE], [POLICE]),
    'Offender.partnerNotifications': pl.offender.partnerNotifications,
    // structure
    'PageInfo.hasNextPage': false,
    // Every probe asks a first page (no `after`): nothing precedes it.
    'PageInfo.hasPreviousPage': false,
    'PageInfo.startCursor': PRESENT,
    'PageInfo.endCursor': PRESENT,
    // Prosecutors see both departments' people and incidents (the second department's one incident and person, or the first's person when linked).
    ...connection(
      [
        'Offender',
        'Incident',
        'IncidentEvent',
        'AuditEvent',
        'Notification',
        'TierPolicy',
        'Referral',
        'Client',
        'ClearanceEvent',
        'TierAssignment',
        'CallInSession',
        'SiteProfile',
        'LetterTemplate',
        'ProviderReferral',
        'NotificationReview',
        'Consent',
        'DangerAssessment',
        'OutreachAttempt',
        'SafetyPlan',
        'ServiceReferral',
        'PersonLinkCandidate',
        'PersonLinkEvent',
      ],
      (n) =>
        (
          ({
            IncidentEvent: w.incidentEventCount,
            TierPolicy: w.policies.length,
            ClearanceEvent: w.clearanceEvents.length,
            Offender: anyOf(1, 2),
            Incident: anyOf(1, 2),
            Consent: w.consents.length,
            PersonLinkEvent: pl.events.length,
            TierAssignment: anyOf(1, 2, w.assignments.length), // ... or the whole history (Offender.tierHistoryConnection)
            // The queue's pending notice, or every notice of the offender (Offender.notificationsConnection).
            Notification: anyOf(1, w.notifications.length),
            // Candidates: their reviewers (the coordinator) see the one; every other role an empty list (oracle.ts, hiddenFor).
            PersonLinkCandidate: anyOf(0, 1),
          }) as Record<string, unknown>
        )[n] ?? 1,
    ),
    'PersonLinkCandidateConnection.edges': anyOf(PRESENT, []),
    'PersonLinkCandidateEdge.cursor': anyOf(PRESENT, []),
    'PersonLinkCandidateEdge.node': anyOf(PRESENT, []),
    ...Object.fromEntries(
      [
        'offender',
        'offenders',
        'incident',
        'incidents',
        'protectiveOrder',
        'incidentEvents',
        'notificationQueue',
        'notification',
        'activeTierPolicy',
        'tierPolicies',
        'referrals',
        'referral',
        'clients',
        'client',
        'consentedRelease',
        'clearanceEvents',
        ...SERVICE_NAMES.map(auditQueryField),
        'tierRoster',
        'callInSessions',
        'callInSession',
        'siteProfile',
        'siteProfileVersions',
        'letterTemplates',
        'notificationReviews',
        'providerReferrals',
        'offenderNameForReferral',
        'personLinkCandidates',
        'personLinkEvents',
      ].map((f) => [`Query.${f}`, PRESENT]),
    ),
  });
  const rows = (type: string, list: Record<string, unknown>[], composite: Record<string, (r: any) => Expected>) => {
    ROWS[type] = Object.fromEntries(
      list.map((r) => {
        const scalars = Object.fromEntries(Object.entries(r).filter(([k]) => !(k in composite)));
        return [r.id as string, { ...fieldsOf(type, scalars), ...Object.fromEntries(Object.entries(composite).map(([k, f]) => [`${type}.${k}`, f(r)])) }];
      }),
    );
  };
  const some = (r: unknown) => (Array.isArray(r) && r.length === 0 ? [] : PRESENT);
  // An assignment that used the second department's incident (after the link) names it to the prosecutors (partnership
  // scope) and only counts it for the first department's police: the officer's read-back is one of the two answers.
  const usedOther = (r: any) => r.otherAgencyIncidentCount > 0;
  rows('TierAssignment', w.assignments, {
    incidents: (r) => (usedOther(r) ? anyOf(PRESENT, ...(r.incidents.length ? [] : [[]])) : some(r.incidents)),
    otherAgencyIncidentCount: (r) => (usedOther(r) ? anyOf(0, r.otherAgencyIncidentCount) : 0),
    offender: () => PRESENT,
  });
  rows('Notification', w.notifications, {
    clearance: () => PRESENT,
    history: () => PRESENT,
    letter: () => PRESENT,
    assignment: () => PRESENT,
    offender: () => PRESENT,
    advocateClearance: () => PRESENT,
  });
  rows('ProsecutionFlag', w.flags, { assignment: () => PRESENT });
  rows('OffenderServiceReferral', w.offenderReferrals, { notification: () => PRESENT });
  rows(
    'Consent',
    w.consents.map((c) => {
      const revoked = c.id === w.revokedConsent;
      return {
        ...c,
        recipientAgency: I.consent.recipientAgency,
        purpose: revoked ? I.revokedConsentPurpose : I.consent.purpose,
        dataClasses: [revoked ? 'DANGER_ASSESSMENT' : 'CONTACT_DETAILS'],
        signerName: I.consent.signerName,
        guardianName: I.consent.guardianName,
        documentRef: I.consent.documentRef,
      };
    }),
    { client: () => PRESENT },
  );
  for (const s of SERVICE_NAMES) {
    const row = w.audit[s]!;
    const a = INPUT.audit;
    auditValues[s] = {
      'AuditEvent.id': row.id,
      'AuditEvent.at': (row.at as Date).toISOString(),
      'AuditEvent.requestId': a.requestId,
      'AuditEvent.subject': a.subject,
      'AuditEvent.role': 'OFFICER',
      'AuditEvent.agency': a.agency,
      'AuditEvent.operation': a.operation,
      'AuditEvent.action': 'READ',
      'AuditEvent.fieldPath': 'Incident.narrative',
      'AuditEvent.entityIds': [w.incident],
      'AuditEvent.outcome': 'ALLOWED',
      'AuditEvent.consentId': a.consentId,
      'AuditEvent.hash': row.hash,
    };
  }
  for (const r of ADVOCATE_ROLES)
    if (defaultAgency(r) === INPUT.consent.recipientAgency) throw new Error("the canary consent must not name the advocates' own agency");
}

/** Makes the canary world in a fresh hub and fills in the values above. */
export async function insertCanaries(t: TestHub): Promise<World> {
  const w = await makeWorld(t);
  fill(w);
  return w;
}
