/**
 * The one policy of the hub: role x data class -> allow / deny / consent-gated, for reads and writes,
 * and the row scope each role has. Shield rules, the access matrix and the exhaustive tests are all
 * derived from this table; nothing else decides who sees what.
 */
import { ROLES, type Role } from '../identity/principal';

export const DATA_CLASSES = [
  'PUBLIC_OPERATIONAL',
  'POLICE_OPERATIONAL',
  'CJI',
  'VICTIM_POLICE_RECORDED',
  'VICTIM_CONFIDENTIAL',
  'VICTIM_CONSENTED',
  'DEIDENTIFIED_AGGREGATE',
  'AUDIT',
  'SERVICE_FEED',
  'COORDINATION',
  'SERVICE_FEED_CJI',
  'PROVIDER_REFERRAL',
  'REFERRAL_NAME',
] as const;
export type DataClass = (typeof DATA_CLASSES)[number];

export const DATA_CLASS_MEANING: Readonly<Record<DataClass, string>> = {
  PUBLIC_OPERATIONAL: 'Identifiers and the structure of answers (ids, page info). No facts about a person or an event.',
  POLICE_OPERATIONAL:
    'Operational facts of the partnership: incident dates and types, offender identity, tier, notifications. Shared with advocates (law-enforcement-generated information, 34 U.S.C. 12291(b)(2)(D)).',
  CJI: 'Criminal-justice information (CJIS): narratives, charges and dispositions, criminal history, identifiers. Police and prosecutors only.',
  VICTIM_POLICE_RECORDED:
    "Victim details recorded by police at the scene, and the lethality screen. Police, prosecutors and advocates (and victim-services' service principal, which turns them into referrals).",
  VICTIM_CONFIDENTIAL: "Advocates' own victim records (VAWA): contacts, safety plans, services, shelter. Advocates only, never police.",
  VICTIM_CONSENTED: "Victim data that police may read only while the victim's written, time-limited consent names their agency and this class.",
  DEIDENTIFIED_AGGREGATE: 'De-identified aggregate measures with small cells suppressed.',
  AUDIT: 'The audit trail. Auditors only.',
  SERVICE_FEED: 'The event feed between subgraphs. Service principals only.',
  COORDINATION:
    "Decisions reserved to the partnership's IPVI coordinator: tier policy versions, manual tier overrides, waivers of the victim-first gate. Police and prosecutors read; only coordinators write.",
  SERVICE_FEED_CJI:
    "Criminal-justice information on the event feed (charges): tiering's service principal only, never victim-services' (advocates get no criminal history).",
  PROVIDER_REFERRAL:
    "A referral from the offer of help as the offender-services provider it was sent to sees it: the person's name, the service, the status and its dates. That provider only (it records the status); police and prosecutors read the status on the referral itself (CJI).",
  REFERRAL_NAME:
    "An offender's name as tiering's service principal copies it onto a referral sent to a provider (the name snapshot). Tiering's service principal only.",
};

export type Decision = 'allow' | 'deny' | 'consent';

const A = 'allow' as const;
const D = 'deny' as const;
const C = 'consent' as const;

/**
 * Reads. Columns: OFFICER, DV_DETECTIVE, COORDINATOR, PROSECUTOR, ADVOCATE, ADVOCATE_SUPERVISOR,
 * ANALYST, AUDITOR, SERVICE_PROVIDER, SERVICE_TIERING, SERVICE_VICTIM_SERVICES (the order of ROLES).
 */
const READ: Readonly<Record<DataClass, readonly Decision[]>> = {
  PUBLIC_OPERATIONAL: [A, A, A, A, A, A, A, A, A, A, A],
  POLICE_OPERATIONAL: [A, A, A, A, A, A, D, D, D, D, D],
  CJI: [A, A, A, A, D, D, D, D, D, D, D],
  VICTIM_POLICE_RECORDED: [A, A, A, A, A, A, D, D, D, D, A],
  VICTIM_CONFIDENTIAL: [D, D, D, D, A, A, D, D, D, D, D],
  VICTIM_CONSENTED: [C, C, C, C, A, A, D, D, D, D, D],
  DEIDENTIFIED_AGGREGATE: [D, D, A, D, D, A, A, D, D, D, D],
  AUDIT: [D, D, D, D, D, D, D, A, D, D, D],
  SERVICE_FEED: [D, D, D, D, D, D, D, D, D, A, A],
  COORDINATION: [A, A, A, A, D, D, D, D, D, D, D],
  SERVICE_FEED_CJI: [D, D, D, D, D, D, D, D, D, A, D],
  PROVIDER_REFERRAL: [D, D, D, D, D, D, D, D, A, D, D],
  REFERRAL_NAME: [D, D, D, D, D, D, D, D, D, A, D],
};

/** Writes (mutations carry the class of what they write). */
const WRITE: Readonly<Record<DataClass, readonly Decision[]>> = {
  PUBLIC_OPERATIONAL: [D, D, D, D, D, D, D, D, D, D, D],
  POLICE_OPERATIONAL: [A, A, A, D, D, D, D, D, D, D, D],
  CJI: [A, A, A, D, D, D, D, D, D, D, D],
  VICTIM_POLICE_RECORDED: [A, A, A, D, D, D, D, D, D, D, D],
  VICTIM_CONFIDENTIAL: [D, D, D, D, A, A, D, D, D, D, D],
  VICTIM_CONSENTED: [D, D, D, D, A, A, D, D, D, D, D],
  DEIDENTIFIED_AGGREGATE: [D, D, D, D, D, D, D, D, D, D, D],
  AUDIT: [D, D, D, D, D, D, D, D, D, D, D],
  SERVICE_FEED: [D, D, D, D, D, D, D, D, D, D, D],
  COORDINATION: [D, D, A, D, D, D, D, D, D, D, D],
  SERVICE_FEED_CJI: [D, D, D, D, D, D, D, D, D, D, D],
  PROVIDER_REFERRAL: [D, D, D, D, D, D, D, D, A, D, D],
  REFERRAL_NAME: [D, D, D, D, D, D, D, D, D, D, D],
};

export type Access = 'read' | 'write';

/** The decision for a set of roles: the most permissive of the roles' decisions (allow > consent > deny). */
export function decide(roles: readonly Role[], dataClass: DataClass, access: Access = 'read'): Decision {
  const table = access === 'read' ? READ : WRITE;
  let best: Decision = 'deny';
  for (const role of roles) {
    const d = table[dataClass][ROLES.indexOf(role)] ?? 'deny';
    if (d === 'allow') return 'allow';
    if (d === 'consent') best = 'consent';
  }
  return best;
}

/** Row scope: which rows of a resource a role may see at all. Applied in repository queries. */
export type RowScope =
  | 'NONE' // sees no rows
  | 'OWN_AGENCY' // rows of the principal's own agency (and agencies configured as shared with it)
  | 'PARTNERSHIP' // every police agency of the partnership (prosecutors, coordinators of a multi-agency site)
  | 'REFERRED'; // incidents referred to the principal's advocacy agency (intimate-partner with a victim, in a served agency)

export const RESOURCES = ['incident', 'client', 'notification', 'auditEvent', 'providerReferral'] as const;
export type Resource = (typeof RESOURCES)[number];

export const RESOURCE_MEANING: Readonly<Record<Resource, string>> = {
  incident: 'Police incidents, and what hangs off them: their offenders, police-recorded victims, tiers.',
  client: "Advocates' own records: referrals, outreach, clients, safety plans, consents.",
  notification: 'Offender notifications (tiering) and their clearance state.',
  auditEvent: "A subgraph's audit trail (PARTNERSHIP = every event of that subgraph).",
  providerReferral:
    "Referrals as their offender-services provider sees them (OWN_AGENCY = those sent to the principal's provider id). Police and prosecutors read referrals on the notification that made the offer, by its scope.",
};

const SCOPE: Readonly<Record<Resource, readonly RowScope[]>> = {
  //           OFFICER       DV_DETECTIVE  COORDINATOR   PROSECUTOR     ADVOCATE    ADVOCATE_SUP ANALYST AUDITOR SVC_PROVIDER SVC_T   SVC_VS
  // Service principals read the incident feed only (not row-scoped), never incident rows themselves.
  incident: ['OWN_AGENCY', 'OWN_AGENCY', 'OWN_AGENCY', 'PARTNERSHIP', 'REFERRED', 'REFERRED', 'NONE', 'NONE', 'NONE', 'NONE', 'NONE'],
  client: ['NONE', 'NONE', 'NONE', 'NONE', 'OWN_AGENCY', 'OWN_AGENCY', 'NONE', 'NONE', 'NONE', 'NONE', 'NONE'],
  notification: ['OWN_AGENCY', 'OWN_AGENCY', 'OWN_AGENCY', 'PARTNERSHIP', 'REFERRED', 'REFERRED', 'NONE', 'NONE', 'NONE', 'NONE', 'NONE'],
  auditEvent: ['NONE', 'NONE', 'NONE', 'NONE', 'NONE', 'NONE', 'NONE', 'PARTNERSHIP', 'NONE', 'NONE', 'NONE'],
  // A provider sees the referrals sent to its own provider id; everyone else reads referrals through notifications.
  providerReferral: ['NONE', 'NONE', 'NONE', 'NONE', 'NONE', 'NONE', 'NONE', 'NONE', 'OWN_AGENCY', 'NONE', 'NONE'],
};

const SCOPE_RANK: Record<RowScope, number> = { NONE: 0, REFERRED: 1, OWN_AGENCY: 2, PARTNERSHIP: 3 };

/** The widest scope any of the roles has on a resource. */
export function rowScope(roles: readonly Role[], resource: Resource): RowScope {
  let best: RowScope = 'NONE';
  for (const role of roles) {
    const s = SCOPE[resource][ROLES.indexOf(role)] ?? 'NONE';
    if (SCOPE_RANK[s] > SCOPE_RANK[best]) best = s;
  }
  return best;
}

export function isDataClass(x: string): x is DataClass {
  return (DATA_CLASSES as readonly string[]).includes(x);
}
