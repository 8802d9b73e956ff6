/**
 * Everything the engine needs about one person (every record linked into it), read in ONE statement
 * (this runs for every feed event): the active policy, the combined incident ledger, delivery
 * attempts, overrides and the person's current tier (the latest assignment of any of its records).
 */
import type { EntityManager } from 'typeorm';
import type { LedgerIncident, NoticeGiven, Override } from '../engine/assign';
import type { TierPolicyRules } from '../policy/tier-policy';
import type { AssignmentRow } from './assignment.repository';

/** A ledger incident and the record (of the person) whose ledger holds it. */
export type PersonLedgerIncident = LedgerIncident & { readonly offenderId: string };

/** The person's current assignment as the snapshot's JSON carries it (its instant as ISO-8601 text). */
export type CurrentTier = Readonly<Pick<AssignmentRow, 'id' | 'offenderId' | 'level' | 'agencyOri' | 'incidentIds' | 'template' | 'refs' | 'explanation'>> & {
  readonly effectiveAt: string;
};

export interface OffenderSnapshot {
  readonly policy: { version: string; rules: TierPolicyRules };
  readonly ledger: PersonLedgerIncident[];
  readonly notices: NoticeGiven[];
  readonly overrides: Override[];
  readonly current: CurrentTier | null;
}

type Json<T> = { [K in keyof T]: T[K] extends Date ? string : T[K] };

/** The active tier policy, as one JSON value (null when none is published). */
export const ACTIVE_POLICY_SQL = `SELECT json_build_object('version', version, 'rules', rules) FROM tier_policy ORDER BY seq DESC LIMIT 1`;

/** The ledger's columns, in the order `personSnapshotSql`'s ledger source gives them. */
export const LEDGER_COLUMNS = `offender_id, incident_id, rms_number, agency_ori, occurred_at, is_intimate_partner, relationship_code, arrest_made, offense_codes,
  protective_order_violation, weapon_involved, charges`;

/**
 * The select-list items of one person's snapshot (ledger, notices, overrides, current): `members`, an SQL expression of
 * the person's records (uuid[]); `ledgerRows`, what the person's ledger rows are read from (LEDGER_COLUMNS at least).
 */
export function personSnapshotSql(members: string, ledgerRows: string): string {
  return `(SELECT coalesce(json_agg(json_build_object('incidentId', incident_id, 'offenderId', offender_id, 'rmsNumber', rms_number, 'agencyOri', agency_ori, 'occurredAt', occurred_at,
           'isIntimatePartner', is_intimate_partner, 'relationshipCode', relationship_code, 'arrestMade', arrest_made, 'offenseCodes', offense_codes,
           'protectiveOrderViolation', protective_order_violation, 'weaponInvolved', weapon_involved, 'charges', charges) ORDER BY occurred_at, incident_id), '[]')
        FROM (SELECT DISTINCT ON (incident_id) * FROM ${ledgerRows} ORDER BY incident_id, offender_id) l) AS ledger,
       (SELECT coalesce(json_agg(json_build_object('tierAtNotice', n.tier_at_notice, 'outcome', e.outcome, 'deliveredAt', e.at) ORDER BY e.seq), '[]')
        FROM notification_event e JOIN notification n ON n.id = e.notification_id WHERE n.offender_id = ANY(${members}) AND e.kind = 'DELIVERY_ATTEMPT') AS notices,
       (SELECT coalesce(json_agg(json_build_object('level', level, 'at', assigned_at) ORDER BY seq), '[]')
        FROM tier_assignment WHERE offender_id = ANY(${members}) AND rule = 'MANUAL_OVERRIDE') AS overrides,
       (SELECT json_build_object('id', id, 'offenderId', offender_id, 'level', level, 'agencyOri', agency_ori, 'incidentIds', incident_ids,
           'template', explanation_template, 'refs', explanation_refs, 'explanation', explanation, 'effectiveAt', coalesce(effective_at, assigned_at))
        FROM tier_assignment WHERE offender_id = ANY(${members}) ORDER BY seq DESC LIMIT 1) AS current`;
}

/** One person's part of a snapshot as `personSnapshotSql` answers it. */
export interface PersonSnapshotRow {
  ledger: Json<PersonLedgerIncident>[];
  notices: Json<NoticeGiven>[];
  overrides: Json<Override>[];
  current: OffenderSnapshot['current'];
}

/** A snapshot from the active policy and the person's row. */
export function snapshotFrom(policy: OffenderSnapshot['policy'] | null | undefined, row: PersonSnapshotRow): OffenderSnapshot {
  if (!policy) throw new Error('no tier policy published');
  return {
    policy,
    ledger: row.ledger.map((i) => ({ ...i, occurredAt: new Date(i.occurredAt) })),
    notices: row.notices.map((n) => ({ ...n, deliveredAt: new Date(n.deliveredAt) })),
    overrides: row.overrides.map((o) => ({ ...o, at: new Date(o.at) })),
    current: row.current,
  };
}

export async function snapshotOf(m: EntityManager, members: readonly string[]): Promise<OffenderSnapshot> {
  const [row] = (await m.query(
    `SELECT (${ACTIVE_POLICY_SQL}) AS policy, ${personSnapshotSql('$1::uuid[]', 'offender_incident WHERE offender_id = ANY($1::uuid[])')}`,
    [members],
  )) as (PersonSnapshotRow & { policy: OffenderSnapshot['policy'] | null })[];
  return snapshotFrom(row?.policy, row!);
}
