/**
 * Canary data for the exhaustive authorization test: one row of everything, in scope for every role
 * whose row scope is not NONE (plus an out-of-scope twin in another agency), with values distinct
 * enough to search for in a response. When a field is added to a schema, add its canary value here
 * (and the SQL that stores it), or list it in NOT_REACHABLE with a reason: the test fails until then.
 */
import { randomBytes } from 'node:crypto';
import { AuditStore, auditQueryField, SERVICE_NAMES, type Resource, type Role, type ServiceName } from '@ipvi/core';
import type { TestHub } from '../harness/hub';
import type { PathFixture } from './paths';

/** The value is there (non-null, non-empty), whatever it is (cursors, nested objects). */
export const PRESENT = Symbol('present');
export type Expected = unknown;

const tag = randomBytes(4).toString('hex');
const uuid = (n: number) => `c0ffee00-0000-4000-8000-${tag}${String(n).padStart(4, '0')}`;
export const CANARY = {
  offender: uuid(1), incident: uuid(2), victim: uuid(3), event: uuid(4),
  otherOffender: uuid(11), otherIncident: uuid(12), otherVictim: uuid(13),
  otherAgency: 'NC9999999',
  auditSubject: `CANARY-AUDIT-SUBJECT-${tag}`,
};

const at = (s: string) => `2026-03-04T${s}.000Z`;
const V = {
  offenderName: `Canary Offender ${tag}`, offenderDob: '1971-03-14', rms: `CANARY-RMS-${tag}`, occurredAt: at('05:06:07'),
  narrative: `CANARY narrative ${tag}`, victimName: `Canary Victim ${tag}`, victimDob: '1988-07-09', phone: `CANARY-PHONE-${tag}`,
  rule: `CANARY_RULE_${tag}`, explanation: `CANARY explanation ${tag}`, policyVersion: `canary-policy-${tag}`, assignedAt: at('05:30:00'),
  referredAt: at('06:00:00'), firstContactAt: at('07:00:00'), recordedAt: at('05:10:00'), statute: `CANARY-STATUTE-${tag}`, charge: `CANARY charge ${tag}`,
};

/** The canary audit event of each subgraph's trail, by field (filled in by insertCanaries()). */
const auditValues: Partial<Record<ServiceName, Record<string, Expected>>> = {};

export const VALUES: Record<string, Expected> = {
  'Offender.id': CANARY.offender, 'Offender.name': V.offenderName, 'Offender.dateOfBirth': V.offenderDob, 'Offender.incidents': PRESENT, 'Offender.tier': PRESENT,
  'Incident.id': CANARY.incident, 'Incident.agencyOri': 'NC0410200', 'Incident.rmsNumber': V.rms, 'Incident.occurredAt': V.occurredAt, 'Incident.offenses': PRESENT,
  'Incident.relationshipCode': 'BG', 'Incident.isIntimatePartner': true, 'Incident.arrestMade': true, 'Incident.narrative': V.narrative,
  'Incident.offenders': PRESENT, 'Incident.victims': PRESENT, 'Incident.outreach': PRESENT,
  'Offense.code': '13B', 'Offense.description': 'Simple assault',
  'IncidentVictim.id': CANARY.victim, 'IncidentVictim.name': V.victimName, 'IncidentVictim.dateOfBirth': V.victimDob,
  'TierAssignment.level': 'B', 'TierAssignment.rule': V.rule, 'TierAssignment.explanation': V.explanation, 'TierAssignment.assignedAt': V.assignedAt, 'TierAssignment.policyVersion': V.policyVersion,
  'OutreachSummary.referralState': 'ATTEMPTING', 'OutreachSummary.referredAt': V.referredAt, 'OutreachSummary.firstContactAt': V.firstContactAt,
  'IncidentEvent.id': CANARY.event, 'IncidentEvent.type': 'INCIDENT_RECORDED', 'IncidentEvent.recordedAt': V.recordedAt, 'IncidentEvent.incidentId': CANARY.incident,
  'IncidentEvent.agencyOri': 'NC0410200', 'IncidentEvent.rmsNumber': V.rms, 'IncidentEvent.occurredAt': V.occurredAt, 'IncidentEvent.offenderIds': [CANARY.offender],
  'IncidentEvent.victimPartyIds': [CANARY.victim], 'IncidentEvent.isIntimatePartner': true, 'IncidentEvent.relationshipCode': 'BG', 'IncidentEvent.arrestMade': true,
  'IncidentEvent.offenseCodes': ['13B'], 'IncidentEvent.protectiveOrderViolation': false, 'IncidentEvent.weaponInvolved': true, 'IncidentEvent.charges': PRESENT, 'IncidentEvent.victims': PRESENT,
  'IncidentEventCharge.statute': V.statute, 'IncidentEventCharge.description': V.charge, 'IncidentEventCharge.dvRelated': true, 'IncidentEventCharge.felony': false,
  'IncidentEventVictim.id': CANARY.victim, 'IncidentEventVictim.name': V.victimName, 'IncidentEventVictim.dateOfBirth': V.victimDob, 'IncidentEventVictim.phone': V.phone,
  'PageInfo.hasNextPage': false, 'PageInfo.endCursor': PRESENT,
  ...Object.fromEntries(['Offender', 'Incident', 'IncidentEvent', 'AuditEvent'].flatMap((n) => [
    [`${n}Connection.edges`, PRESENT], [`${n}Connection.pageInfo`, PRESENT], [`${n}Connection.totalCount`, 1], [`${n}Edge.cursor`, PRESENT], [`${n}Edge.node`, PRESENT],
  ])),
  ...Object.fromEntries(['offender', 'offenders', 'incident', 'incidents', 'incidentEvents', ...SERVICE_NAMES.map(auditQueryField)].map((f) => [`Query.${f}`, PRESENT])),
};

/** Fields the walk does not reach, and why. */
export const NOT_REACHABLE: Readonly<Record<string, string>> = {};

/** Rows each subgraph filters by the policy's row scope, by the type that carries them. */
export const SCOPED: Readonly<Partial<Record<ServiceName, Record<string, Resource>>>> = {
  incidents: { Offender: 'incident', Incident: 'incident', AuditEvent: 'auditEvent' },
  tiering: { TierAssignment: 'incident', AuditEvent: 'auditEvent' },
  'victim-services': { OutreachSummary: 'client', AuditEvent: 'auditEvent' },
};

/** No field is consent-gated yet; a consent canary goes here when one is. */
export function consentGranted(_role: Role, _coordinate: string): boolean {
  return false;
}

export const PATH_FIXTURE: PathFixture = {
  ids: { Offender: CANARY.offender, Incident: CANARY.incident, IncidentVictim: CANARY.victim, IncidentEvent: CANARY.event, IncidentEventVictim: CANARY.victim },
  args: Object.fromEntries(SERVICE_NAMES.map((s) => [`Query.${auditQueryField(s)}`, { filter: { subject: CANARY.auditSubject } }])),
};

/** The canary value of a field as a subgraph serves it; undefined when the fixture has none. */
export function expectedValue(coordinate: string, graph: ServiceName): Expected | undefined {
  return coordinate in VALUES ? VALUES[coordinate] : auditValues[graph]?.[coordinate];
}

/** Every canary value a field may show (whatever the subgraph), for searching responses. */
export function allValues(coordinate: string): Expected[] {
  return coordinate in VALUES ? [VALUES[coordinate]] : Object.values(auditValues).flatMap((v) => (coordinate in v! ? [v![coordinate]] : []));
}

/** The id of the canary row of a type (what an audit record of its fields names), in a subgraph. */
export function canaryIdOf(type: string, graph: ServiceName): string | undefined {
  return type === 'AuditEvent' ? (auditValues[graph]?.['AuditEvent.id'] as string | undefined) : PATH_FIXTURE.ids[type];
}

async function insertIncidents(t: TestHub): Promise<void> {
  const q = (sql: string, p: unknown[]) => t.sql('incidents', sql, p);
  for (const [o, i, v, ori] of [[CANARY.offender, CANARY.incident, CANARY.victim, 'NC0410200'], [CANARY.otherOffender, CANARY.otherIncident, CANARY.otherVictim, CANARY.otherAgency]] as const) {
    await q(`INSERT INTO offender (id, name, date_of_birth) VALUES ($1, $2, $3)`, [o, V.offenderName, V.offenderDob]);
    await q(`INSERT INTO incident (id, agency_ori, rms_number, occurred_at, offense_codes, relationship_code, is_intimate_partner, arrest_made, narrative)
             VALUES ($1, $2, $3, $4, '{13B}', 'BG', true, true, $5)`, [i, ori, V.rms, V.occurredAt, V.narrative]);
    await q(`INSERT INTO incident_offender (incident_id, offender_id) VALUES ($1, $2)`, [i, o]);
    await q(`INSERT INTO incident_victim (id, incident_id, name, date_of_birth) VALUES ($1, $2, $3, $4)`, [v, i, V.victimName, V.victimDob]);
  }
  const payload = {
    incidentId: CANARY.incident, agencyOri: 'NC0410200', rmsNumber: V.rms, occurredAt: V.occurredAt, offenderIds: [CANARY.offender], victimPartyIds: [CANARY.victim],
    isIntimatePartner: true, relationshipCode: 'BG', arrestMade: true, offenseCodes: ['13B'], protectiveOrderViolation: false, weaponInvolved: true,
    charges: [{ statute: V.statute, description: V.charge, dvRelated: true, felony: false }],
    victims: [{ id: CANARY.victim, name: V.victimName, dateOfBirth: V.victimDob, phone: V.phone }],
  };
  await q(`INSERT INTO incident_event (id, type, incident_id, recorded_at, payload) VALUES ($1, 'INCIDENT_RECORDED', $2, $3, $4)`, [CANARY.event, CANARY.incident, V.recordedAt, JSON.stringify(payload)]);
}

/** Stores the canary rows in the three databases (fresh, with empty audit trails). */
export async function insertCanaries(t: TestHub): Promise<void> {
  await insertIncidents(t);
  for (const [offender, ori] of [[CANARY.offender, 'NC0410200'], [CANARY.otherOffender, CANARY.otherAgency]] as const) {
    await t.sql('tiering', `INSERT INTO tier_assignment (id, offender_id, agency_ori, level, rule, explanation, assigned_at, policy_version) VALUES (gen_random_uuid(), $1, $2, 'B', $3, $4, $5, $6)`,
      [offender, ori, V.rule, V.explanation, V.assignedAt, V.policyVersion]);
  }
  for (const [incident, agency] of [[CANARY.incident, 'ADV-FSP-01'], [CANARY.otherIncident, 'ADV-ELSEWHERE']] as const) {
    await t.sql('victim-services', `INSERT INTO referral (id, incident_id, advocacy_agency, state, referred_at, first_contact_at) VALUES (gen_random_uuid(), $1, $2, 'ATTEMPTING', $3, $4)`,
      [incident, agency, V.referredAt, V.firstContactAt]);
  }
  const actor = { requestId: `canary-${tag}`, subject: CANARY.auditSubject, role: 'OFFICER', agency: `CANARY-AGENCY-${tag}`, operation: `CanaryOperation${tag}` };
  const entry = { action: 'READ' as const, fieldPath: 'Incident.narrative', outcome: 'ALLOWED' as const, entityIds: [CANARY.incident], consentId: `CANARY-CONSENT-${tag}` };
  for (const s of SERVICE_NAMES) {
    await new AuditStore(t.hub.services[s].dataSource).append(actor, [entry]);
    const rows = await t.sql<Record<string, unknown>>(s, 'SELECT * FROM audit_event ORDER BY seq');
    if (rows.length !== 1) throw new Error(`the ${s} audit trail must hold only the canary event before the test (has ${rows.length})`);
    const row = rows[0]!;
    auditValues[s] = {
      'AuditEvent.id': row.id, 'AuditEvent.at': (row.at as Date).toISOString(), 'AuditEvent.requestId': actor.requestId, 'AuditEvent.subject': actor.subject,
      'AuditEvent.role': actor.role, 'AuditEvent.agency': actor.agency, 'AuditEvent.operation': actor.operation, 'AuditEvent.action': 'READ',
      'AuditEvent.fieldPath': entry.fieldPath, 'AuditEvent.entityIds': entry.entityIds, 'AuditEvent.outcome': 'ALLOWED', 'AuditEvent.consentId': entry.consentId, 'AuditEvent.hash': row.hash,
    };
  }
}
