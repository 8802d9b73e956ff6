/**
 * The policy as ../shared/docs/domain.md states it, written by hand, cell by cell: what each role may
 * read and write of each data class, and which rows of each resource it sees. It is the oracle of the
 * exhaustive authorization test and of test/policy-table.test.ts, so it must never be computed from
 * packages/core/src/policy/policy.ts (the code under test). Each row cites the rule it comes from:
 * "WSW" is the table "Who sees what" in domain.md, "§n" a section of it, "SA" the section "Several
 * agencies in one partnership". Cells the domain does not decide in words are marked [I] with the
 * reading chosen; a change to any cell is a change of the domain's rules, not of the code.
 */
import { ROLES, type DataClass, type Decision, type Resource, type Role, type RowScope } from '@ipvi/core';

const A = 'allow' as const;
const D = 'deny' as const;
const C = 'consent' as const;

/** One row of the table: a decision for every role, by name (no column order to get wrong). */
interface Row {
  readonly OFFICER: Decision;
  readonly DV_DETECTIVE: Decision;
  readonly COORDINATOR: Decision;
  readonly PROSECUTOR: Decision;
  readonly ADVOCATE: Decision;
  readonly ADVOCATE_SUPERVISOR: Decision;
  readonly ANALYST: Decision;
  readonly AUDITOR: Decision;
  readonly SERVICE_PROVIDER: Decision;
  readonly SERVICE_TIERING: Decision;
  readonly SERVICE_VICTIM_SERVICES: Decision;
}

/** Police in this table: OFFICER, DV_DETECTIVE, COORDINATOR (the partnership's IPVI coordinator is police-side). */
const row = (
  police: Decision,
  prosecutor: Decision,
  advocate: Decision,
  supervisor: Decision,
  analyst: Decision,
  auditor: Decision,
  provider: Decision,
  tiering: Decision,
  victimServices: Decision,
  coordinator: Decision = police,
): Row => ({
  OFFICER: police,
  DV_DETECTIVE: police,
  COORDINATOR: coordinator,
  PROSECUTOR: prosecutor,
  ADVOCATE: advocate,
  ADVOCATE_SUPERVISOR: supervisor,
  ANALYST: analyst,
  AUDITOR: auditor,
  SERVICE_PROVIDER: provider,
  SERVICE_TIERING: tiering,
  SERVICE_VICTIM_SERVICES: victimServices,
});

/**
 * Reads. Arguments of row(): police, prosecutor, advocate, advocate supervisor, analyst, auditor, offender-service
 * provider, tiering's service, victim-services' service [, coordinator]. The provider column follows domain.md's
 * paragraph "Offender-service providers": "see only the referrals made to them from the offer of help (the person's
 * name and the service) and record their status; never incidents, victims, tiers or advocates' records" (PR below).
 */
export const EXPECTED_READ: Readonly<Record<DataClass, Row>> = {
  // Ids and the structure of answers say nothing about a person or an event [I]: everyone, or no answer could be read at all.
  PUBLIC_OPERATIONAL: row(A, A, A, A, A, A, A, A, A),
  // WSW "Incidents, charges, tier history, notifications": police yes; advocates "date/type, tier, next notice date";
  // "Offender identity": advocates "name/photo"; analysts "de-identified"/"pseudonym" (no row-level data). §2 Sharing: police
  // data may go to advocates (12291(b)(2)(D)). The DA is a criminal-justice partner (§1 partners; §5 CJIS). Auditors: only
  // the audit trail (Implications, AuditEvent "auditors only"). Service principals read the feed, not rows [I].
  POLICE_OPERATIONAL: row(A, A, A, A, D, D, D, D, D),
  // WSW advocates: "no criminal history (CHRI)"; §5 CJIS: CHRI to authorized purposes only, advocates generally not
  // authorized; analysts de-identified only. Police and the DA are criminal justice.
  CJI: row(A, A, D, D, D, D, D, D, D),
  // WSW "Victim PII collected by police": police yes, advocates yes (police-generated), analysts no; "LAP screen": police
  // yes, advocates yes, analysts aggregate only. §2: police data may go to advocates, so victim-services' own principal
  // (which makes the advocates' referrals from it) reads it; tiering needs no victim [I].
  VICTIM_POLICE_RECORDED: row(A, A, A, A, D, D, D, D, A),
  // WSW "Advocate contacts, safety plan, services, shelter location": police NEVER, advocates yes, analysts aggregate only;
  // §2 / §5 VAWA: not to police or DA without informed, written, time-limited consent (that is VICTIM_CONSENTED).
  VICTIM_CONFIDENTIAL: row(D, D, A, A, D, D, D, D, D),
  // WSW "Victim address/phone held by advocates": police "only with consent naming police"; "DA score": police "with
  // consent"; §2: not to police or DA without consent -> the DA under consent too; advocates yes; analysts no.
  VICTIM_CONSENTED: row(C, C, A, A, D, D, D, D, D),
  // Rules: "Analysts get aggregates only"; §5 VAWA: reporting and evaluation duties are met with aggregates only, so the
  // advocates' supervisor (who reports) reads them [I]; the coordinator runs the partnership's evaluation (§3, outcome
  // measure) [I]. Nobody else needs them [I].
  DEIDENTIFIED_AGGREGATE: row(D, D, D, A, A, D, D, D, D, A),
  // Implications, AuditEvent: "append-only, >=1 year, auditors only".
  AUDIT: row(D, D, D, D, D, A, D, D, D),
  // The feed between subgraphs is machine to machine (§2: separate data domains); no person reads it [I].
  SERVICE_FEED: row(D, D, D, D, D, D, D, A, A),
  // Tier policy versions, overrides and their justifications, waivers: police and the DA read tier history (WSW) and a
  // coordinator explains a tier to a judge (Default tier policy); advocates get only "date/type, tier, next notice
  // date" (WSW), not justifications; analysts de-identified only.
  COORDINATION: row(A, A, D, D, D, D, D, D, D),
  // Charges on the feed: tiering counts them (Default tier policy: C/B/A by DV charges); victim-services never (WSW:
  // advocates get no CHRI).
  SERVICE_FEED_CJI: row(D, D, D, D, D, D, D, A, D),
  // PR: the provider reads its referrals (name, service, status and dates). Police and the DA read the referral and its
  // status where it lives (CJI, "the coordinators see the status"), not the provider's view of it; advocates never (the
  // provider is on the police side of the VAWA line); analysts de-identified only; no service principal needs it [I].
  PROVIDER_REFERRAL: row(D, D, D, D, D, D, A, D, D),
  // Offender identity is police data (WSW); the provider's copy of the name is made by the hub itself (tiering's service
  // principal, when a coordinator sends the referral), so no person reads the name through this path [I].
  REFERRAL_NAME: row(D, D, D, D, D, D, D, A, D),
};

/** Writes (a mutation carries the class of what it writes). Same arguments as above. */
export const EXPECTED_WRITE: Readonly<Record<DataClass, Row>> = {
  // Nobody writes ids or structure by themselves [I].
  PUBLIC_OPERATIONAL: row(D, D, D, D, D, D, D, D, D),
  // SA: "Each agency owns what it recorded": police record incidents, offenders, notifications and deliveries; the DA and
  // the advocates record none of them; analysts and auditors write nothing [I].
  POLICE_OPERATIONAL: row(A, D, D, D, D, D, D, D, D),
  // SA: police own their narratives and charges (their RMS); nobody else writes criminal-justice information.
  CJI: row(A, D, D, D, D, D, D, D, D),
  // Implications, Victim: "the police record sits in the Incident" (police write it, and the LAP screen, §4); the
  // advocates' own record is the Client in victim-services, never the police record.
  VICTIM_POLICE_RECORDED: row(A, D, D, D, D, D, D, D, D),
  // WSW: advocates' contacts, safety plans, services are the advocates' (yes); police never.
  VICTIM_CONFIDENTIAL: row(D, D, A, A, D, D, D, D, D),
  // Implications, Consent: the advocates record the victim's consent and what it releases; police only read under it.
  VICTIM_CONSENTED: row(D, D, A, A, D, D, D, D, D),
  // Aggregates are computed, never written [I].
  DEIDENTIFIED_AGGREGATE: row(D, D, D, D, D, D, D, D, D),
  // AuditEvent is append-only and written by the hub itself, never through the API (§5 CJIS: modification is logged).
  AUDIT: row(D, D, D, D, D, D, D, D, D),
  // The feed is written by the subgraphs' own writes, not by a mutation [I].
  SERVICE_FEED: row(D, D, D, D, D, D, D, D, D),
  // Default tier policy: "a manual override needs a justification and is audited"; SA: overrides and waivers belong to
  // the coordinators (of the owning agency, or partnership-wide). Officers, detectives, the DA and advocates do not.
  COORDINATION: row(D, D, D, D, D, D, D, D, D, A),
  SERVICE_FEED_CJI: row(D, D, D, D, D, D, D, D, D),
  // PR: the provider "records their status" (moves its referrals along); nobody else writes the provider's view [I].
  PROVIDER_REFERRAL: row(D, D, D, D, D, D, A, D, D),
  // The name snapshot is copied by the hub, never written through the API [I].
  REFERRAL_NAME: row(D, D, D, D, D, D, D, D, D),
};

interface ScopeRow {
  readonly OFFICER: RowScope;
  readonly DV_DETECTIVE: RowScope;
  readonly COORDINATOR: RowScope;
  readonly PROSECUTOR: RowScope;
  readonly ADVOCATE: RowScope;
  readonly ADVOCATE_SUPERVISOR: RowScope;
  readonly ANALYST: RowScope;
  readonly AUDITOR: RowScope;
  readonly SERVICE_PROVIDER: RowScope;
  readonly SERVICE_TIERING: RowScope;
  readonly SERVICE_VICTIM_SERVICES: RowScope;
}

/** Which rows of a resource each role sees at all. */
export const EXPECTED_SCOPE: Readonly<Record<Resource, ScopeRow>> = {
  // SA: each police agency owns its incidents and shares no RMS record by default; coordinators act for their own agency
  // unless the site names partnership-wide ones (a configuration, not the default). The DA prosecutes for every police
  // agency of the county [I]. Advocates: police data goes to advocates for outreach (§2), i.e. the incidents referred to
  // their agency. Analysts: aggregates only (Rules). Auditors: the trail only. Service principals: the feed only [I].
  incident: {
    OFFICER: 'OWN_AGENCY',
    DV_DETECTIVE: 'OWN_AGENCY',
    COORDINATOR: 'OWN_AGENCY',
    PROSECUTOR: 'PARTNERSHIP',
    ADVOCATE: 'REFERRED',
    ADVOCATE_SUPERVISOR: 'REFERRED',
    ANALYST: 'NONE',
    AUDITOR: 'NONE',
    SERVICE_PROVIDER: 'NONE',
    SERVICE_TIERING: 'NONE',
    SERVICE_VICTIM_SERVICES: 'NONE',
  },
  // WSW: advocates' records: police NEVER, analysts aggregate only; each advocacy agency keeps its own (SA: owned records).
  client: {
    OFFICER: 'NONE',
    DV_DETECTIVE: 'NONE',
    COORDINATOR: 'NONE',
    PROSECUTOR: 'NONE',
    ADVOCATE: 'OWN_AGENCY',
    ADVOCATE_SUPERVISOR: 'OWN_AGENCY',
    ANALYST: 'NONE',
    AUDITOR: 'NONE',
    SERVICE_PROVIDER: 'NONE',
    SERVICE_TIERING: 'NONE',
    SERVICE_VICTIM_SERVICES: 'NONE',
  },
  // WSW: notifications to police (their agency's, SA) and the DA; advocates get the "next notice date (to time outreach)"
  // of the incidents referred to them (§2: outreach before or with the notification).
  notification: {
    OFFICER: 'OWN_AGENCY',
    DV_DETECTIVE: 'OWN_AGENCY',
    COORDINATOR: 'OWN_AGENCY',
    PROSECUTOR: 'PARTNERSHIP',
    ADVOCATE: 'REFERRED',
    ADVOCATE_SUPERVISOR: 'REFERRED',
    ANALYST: 'NONE',
    AUDITOR: 'NONE',
    SERVICE_PROVIDER: 'NONE',
    SERVICE_TIERING: 'NONE',
    SERVICE_VICTIM_SERVICES: 'NONE',
  },
  // Implications, AuditEvent: auditors only, and the whole trail.
  auditEvent: {
    OFFICER: 'NONE',
    DV_DETECTIVE: 'NONE',
    COORDINATOR: 'NONE',
    PROSECUTOR: 'NONE',
    ADVOCATE: 'NONE',
    ADVOCATE_SUPERVISOR: 'NONE',
    ANALYST: 'NONE',
    AUDITOR: 'PARTNERSHIP',
    SERVICE_PROVIDER: 'NONE',
    SERVICE_TIERING: 'NONE',
    SERVICE_VICTIM_SERVICES: 'NONE',
  },
  // PR: a provider sees "only the referrals made to them": those sent to its own provider id. Everyone else reads
  // referrals on the notification that made the offer (the notification's scope), not through the provider's list.
  providerReferral: {
    OFFICER: 'NONE',
    DV_DETECTIVE: 'NONE',
    COORDINATOR: 'NONE',
    PROSECUTOR: 'NONE',
    ADVOCATE: 'NONE',
    ADVOCATE_SUPERVISOR: 'NONE',
    ANALYST: 'NONE',
    AUDITOR: 'NONE',
    SERVICE_PROVIDER: 'OWN_AGENCY',
    SERVICE_TIERING: 'NONE',
    SERVICE_VICTIM_SERVICES: 'NONE',
  },
};

/** What the domain says one role gets of a class (the tests probe one role at a time). */
export function expectedDecision(role: Role, dataClass: DataClass, access: 'read' | 'write' = 'read'): Decision {
  const table = access === 'read' ? EXPECTED_READ : EXPECTED_WRITE;
  const cells = table[dataClass] as unknown as Record<Role, Decision> | undefined;
  const d = cells?.[role];
  if (!d) throw new Error(`test/authz/expected-policy.ts has no ${access} cell for ${role} x ${dataClass}: write it from domain.md`);
  return d;
}

/** Which rows of a resource the domain lets one role see. */
export function expectedScope(role: Role, resource: Resource): RowScope {
  const s = (EXPECTED_SCOPE[resource] as unknown as Record<Role, RowScope> | undefined)?.[role];
  if (!s) throw new Error(`test/authz/expected-policy.ts has no row scope for ${role} on ${resource}: write it from domain.md`);
  return s;
}

/** Whether the domain lets every role read a class (reads of such a class are not audited). */
export function expectedOpenToAll(dataClass: DataClass): boolean {
  return ROLES.every((r) => expectedDecision(r, dataClass) === 'allow');
}
