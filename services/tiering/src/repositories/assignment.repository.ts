/** Tier assignments: append-only history. Writes take the caller's transaction; reads carry the row scope. */
import type { DataSource, EntityManager } from 'typeorm';
import type { HubConfig, Principal } from '@ipvi/core';
import type { Tier } from '../policy/tier-policy';
import { offenderScopeSql, SqlParams } from './scope';

export interface AssignmentRow {
  id: string;
  offenderId: string;
  agencyOri: string;
  level: Tier;
  previousLevel: Tier | null;
  rule: string;
  explanation: string;
  assignedAt: Date;
  effectiveAt: Date;
  policyVersion: string;
  incidentIds: string[];
  triggerIncidentId: string | null;
  assignedBy: string;
  justification: string | null;
}

const COLUMNS = `a.id, a.offender_id AS "offenderId", a.agency_ori AS "agencyOri", a.level, a.previous_level AS "previousLevel", a.rule, a.explanation,
  a.assigned_at AS "assignedAt", coalesce(a.effective_at, a.assigned_at) AS "effectiveAt", a.policy_version AS "policyVersion",
  a.incident_ids AS "incidentIds", a.trigger_incident_id AS "triggerIncidentId", a.assigned_by AS "assignedBy", a.justification`;

export async function currentAssignment(m: EntityManager, offenderId: string): Promise<AssignmentRow | null> {
  const rows = (await m.query(`SELECT ${COLUMNS} FROM tier_assignment a WHERE a.offender_id = $1 ORDER BY a.seq DESC LIMIT 1`, [offenderId])) as AssignmentRow[];
  return rows[0] ?? null;
}

/** Read side, per request, within the caller's row scope. */
export class AssignmentReader {
  constructor(private readonly ds: DataSource, private readonly principal: Principal, private readonly config: HubConfig) {}

  private async select(where: (p: SqlParams) => string, order: string): Promise<AssignmentRow[]> {
    const p = new SqlParams();
    const cond = where(p);
    return this.ds.query(`SELECT ${COLUMNS} FROM tier_assignment a WHERE ${cond} AND ${offenderScopeSql(this.principal, this.config, p, 'a.offender_id')} ORDER BY ${order}`, p.values);
  }

  /** The latest assignment of each offender. */
  current(offenderIds: readonly string[]): Promise<AssignmentRow[]> {
    return this.select((p) => `a.seq IN (SELECT max(seq) FROM tier_assignment WHERE offender_id = ANY(${p.add(offenderIds)}::uuid[]) GROUP BY offender_id)`, 'a.seq');
  }

  /** Every assignment of each offender, oldest first. */
  history(offenderIds: readonly string[]): Promise<AssignmentRow[]> {
    return this.select((p) => `a.offender_id = ANY(${p.add(offenderIds)}::uuid[])`, 'a.offender_id, a.seq');
  }

  byIds(ids: readonly string[]): Promise<AssignmentRow[]> {
    return this.select((p) => `a.id = ANY(${p.add(ids)}::uuid[])`, 'a.seq');
  }

  /** The assignment each incident triggered (at most one per incident and offender; the latest wins). */
  byTriggerIncident(incidentIds: readonly string[]): Promise<AssignmentRow[]> {
    return this.select((p) => `a.trigger_incident_id = ANY(${p.add(incidentIds)}::uuid[])`, 'a.seq');
  }
}
