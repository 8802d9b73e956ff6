/** Tier assignments: append-only history. Writes take the caller's transaction; reads carry the row scope. */
import type { DataSource, EntityManager } from 'typeorm';
import type { IncidentRef } from '../engine/assign';
import type { TierAssignmentEntity } from '../entities';
import { assignmentSharedSql, offenderScopeSql, personMembersCte, SqlParams, type TieringScope } from './scope';

/**
 * A tier assignment as read (COLUMNS): its entity's columns, with `effectiveAt` never null (the
 * assignment instant when no later effect was recorded) and the explanation's template and references
 * under the names the engine gives them.
 */
export type AssignmentRow = Pick<
  TierAssignmentEntity,
  | 'id'
  | 'offenderId'
  | 'agencyOri'
  | 'level'
  | 'previousLevel'
  | 'rule'
  | 'explanation'
  | 'assignedAt'
  | 'policyVersion'
  | 'incidentIds'
  | 'triggerIncidentId'
  | 'assignedBy'
  | 'justification'
> & {
  /** coalesce(effective_at, assigned_at). */
  effectiveAt: NonNullable<TierAssignmentEntity['effectiveAt']>;
  /** explanation_template: the explanation with `{{incident:<id>}}` placeholders, rendered per caller (null: `explanation` names no incident, or predates templates). */
  template: TierAssignmentEntity['explanationTemplate'];
  /** explanation_refs: the incidents the template names. */
  refs: IncidentRef[] | null;
  /** The record the caller asked about, when the assignment was read as that record's person's tier. */
  viewedAs?: string;
};

const COLUMNS = `a.id, a.offender_id AS "offenderId", a.agency_ori AS "agencyOri", a.level, a.previous_level AS "previousLevel", a.rule, a.explanation,
  a.assigned_at AS "assignedAt", coalesce(a.effective_at, a.assigned_at) AS "effectiveAt", a.policy_version AS "policyVersion",
  a.incident_ids AS "incidentIds", a.trigger_incident_id AS "triggerIncidentId", a.assigned_by AS "assignedBy", a.justification,
  a.explanation_template AS template, a.explanation_refs AS refs`;

/** A person's current assignment: the latest of any of its records. */
export async function currentAssignment(m: EntityManager, members: readonly string[]): Promise<AssignmentRow | null> {
  const rows = (await m.query(`SELECT ${COLUMNS} FROM tier_assignment a WHERE a.offender_id = ANY($1::uuid[]) ORDER BY a.seq DESC LIMIT 1`, [
    members,
  ])) as AssignmentRow[];
  return rows[0] ?? null;
}

/** Read side, per request, within the caller's row scope and the sharing agreement. */
export class AssignmentReader {
  constructor(
    private readonly ds: DataSource,
    private readonly scope: TieringScope,
  ) {}

  /** Assignments of the records' persons, each row tagged with the record asked about (`viewedAs`). */
  private async ofPersons(recordIds: readonly string[], share: boolean, latestOnly: boolean): Promise<AssignmentRow[]> {
    const p = new SqlParams();
    const cte = personMembersCte(this.scope, p, recordIds);
    const shared = assignmentSharedSql(this.scope, p, share);
    return this.ds.query(
      `WITH ${cte} SELECT ${latestOnly ? 'DISTINCT ON (mem.r)' : ''} mem.r AS "viewedAs", ${COLUMNS}
       FROM mem JOIN tier_assignment a ON a.offender_id = mem.member WHERE ${shared}
       ORDER BY mem.r, a.seq ${latestOnly ? 'DESC' : ''}`,
      p.values,
    );
  }

  /** The current tier of each record's person (the latest assignment the caller may read). */
  current(offenderIds: readonly string[]): Promise<AssignmentRow[]> {
    return this.ofPersons(offenderIds, this.scope.sharing.tierLevel, true);
  }

  /** Every assignment of each record's person the caller may read, oldest first. */
  history(offenderIds: readonly string[]): Promise<AssignmentRow[]> {
    return this.ofPersons(offenderIds, this.scope.sharing.tierHistory, false);
  }

  private async select(where: (p: SqlParams) => string, order: string): Promise<AssignmentRow[]> {
    const p = new SqlParams();
    const cond = where(p);
    // The caller's agencies' own assignments; another agency's through a record the caller reads, when the agreement shares tier history.
    const own = `a.agency_ori = ANY(${p.add([...this.scope.recordAgencies])}::text[])`;
    const shared = `(${p.add(this.scope.sharing.tierHistory)}::boolean AND ${offenderScopeSql(this.scope, p, 'a.offender_id')})`;
    return this.ds.query(`SELECT ${COLUMNS} FROM tier_assignment a WHERE ${cond} AND (${own} OR ${shared}) ORDER BY ${order}`, p.values);
  }

  byIds(ids: readonly string[]): Promise<AssignmentRow[]> {
    return this.select((p) => `a.id = ANY(${p.add(ids)}::uuid[])`, 'a.seq');
  }

  /** The assignment each incident triggered (at most one per incident and offender; the latest wins). */
  byTriggerIncident(incidentIds: readonly string[]): Promise<AssignmentRow[]> {
    return this.select((p) => `a.trigger_incident_id = ANY(${p.add(incidentIds)}::uuid[])`, 'a.seq');
  }
}

/** The select list of an assignment row (for readers in other files, e.g. child-pages.reader.ts). */
export const ASSIGNMENT_COLUMNS = COLUMNS;
