/**
 * Writes a tier change in ONE statement (it runs inside feed applies, so round trips count): the
 * assignment, and when the tier requires a notice, the superseding of pending notifications, the new
 * notification with its SCHEDULED event, and the prosecution flag. All parts share one snapshot, so
 * the superseding UPDATE never touches the notification inserted beside it.
 */
import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import type { NotificationPlan, ProsecutionPlan } from '../engine/schedule';
import type { AssignmentRow } from './assignment.repository';

export interface TierChange {
  readonly assignment: Omit<AssignmentRow, 'id'>;
  /** Every record of the person: a new notice supersedes the person's pending ones, whichever record they were scheduled on. */
  readonly personRecords: readonly string[];
  /** The notice the tier requires; null records the assignment alone (an override that confirms the tier). */
  readonly notice: { readonly plan: NotificationPlan; readonly templateVersion: string } | null;
  readonly prosecution: ProsecutionPlan | null;
  /** The tier predates its site's go-live (domain/go-live.ts): the notice is neither scheduled nor supersedes any; the flag is still raised. */
  readonly heldBeforeGoLive?: boolean;
  readonly now: Date;
}

export async function recordTierChange(m: EntityManager, c: TierChange): Promise<AssignmentRow> {
  const id = randomUUID();
  const a = c.assignment;
  const n = c.notice;
  const f = n ? c.prosecution : null;
  await m.query(
    `WITH a AS (
       INSERT INTO tier_assignment (id, offender_id, agency_ori, level, previous_level, rule, explanation, assigned_at, effective_at, policy_version,
         incident_ids, trigger_incident_id, assigned_by, justification, explanation_template, explanation_refs)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11::uuid[], $12, $13, $14, $23, $24::jsonb) RETURNING id
     ), superseded AS (
       UPDATE notification SET status = 'SUPERSEDED' WHERE $15::boolean AND offender_id = ANY($25::uuid[]) AND status = 'PENDING' RETURNING id
     ), superseded_events AS (
       INSERT INTO notification_event (notification_id, kind, at, by_subject) SELECT id, 'SUPERSEDED', $8, $13 FROM superseded
     ), notice AS (
       INSERT INTO notification (id, offender_id, assignment_id, agency_ori, type, tier_at_notice, due_at, status, template_version, services_offered, gate_deadline, created_at)
       SELECT gen_random_uuid(), $2, a.id, $3, $16, $4, $17, 'PENDING', $18, $19::text[], $20, $8 FROM a WHERE $15::boolean RETURNING id, due_at
     ), notice_events AS (
       INSERT INTO notification_event (notification_id, kind, at, by_subject, due_at) SELECT id, 'SCHEDULED', $8, $13, due_at FROM notice
     )
     INSERT INTO prosecution_flag (id, offender_id, assignment_id, tier, fast_track, bond_recommendation, raised_at)
     SELECT gen_random_uuid(), $2, a.id, $4, $21, $22, $8 FROM a WHERE $21::boolean IS NOT NULL`,
    [
      id,
      a.offenderId,
      a.agencyOri,
      a.level,
      a.previousLevel,
      a.rule,
      a.explanation,
      a.assignedAt,
      a.effectiveAt,
      a.policyVersion,
      a.incidentIds,
      a.triggerIncidentId,
      a.assignedBy,
      a.justification,
      n !== null && !c.heldBeforeGoLive,
      n?.plan.type ?? null,
      n?.plan.dueAt ?? null,
      n?.templateVersion ?? null,
      n?.plan.servicesOffered ?? null,
      n?.plan.gateDeadline ?? null,
      f?.fastTrack ?? null,
      f?.bondRecommendation ?? null,
      a.template,
      a.refs === null ? null : JSON.stringify(a.refs),
      [...new Set([a.offenderId, ...c.personRecords])],
    ],
  );
  return { id, ...a };
}

const RANKS = `ARRAY['D','C','B','A']`;

/** Supersedes the person's pending notices of a tier below `level` (a link carried a higher tier over to them). */
export async function supersedeBelow(m: EntityManager, personRecords: readonly string[], level: string, at: Date, by: string): Promise<void> {
  await m.query(
    `WITH s AS (
       UPDATE notification SET status = 'SUPERSEDED' WHERE offender_id = ANY($1::uuid[]) AND status = 'PENDING'
         AND array_position(${RANKS}, tier_at_notice) < array_position(${RANKS}, $2::text) RETURNING id
     ) INSERT INTO notification_event (notification_id, kind, at, by_subject) SELECT id, 'SUPERSEDED', $3, $4 FROM s`,
    [personRecords, level, at, by],
  );
}
