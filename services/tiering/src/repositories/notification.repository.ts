/**
 * Notifications and their append-only event history. Writes take the caller's transaction (and the
 * offender lock); every state change also appends a notification_event row.
 */
import type { EntityManager } from 'typeorm';
import type { DeliveryOutcome } from '../policy/tier-policy';
import { SqlParams } from './scope';
import type { NotificationEntity, NotificationEventKind } from '../entities';

/** A notification as read (NOTIFICATION_COLUMNS): its entity without the gate's who and why. */
export type NotificationRow = Pick<
  NotificationEntity,
  | 'id'
  | 'offenderId'
  | 'assignmentId'
  | 'agencyOri'
  | 'type'
  | 'tierAtNotice'
  | 'dueAt'
  | 'status'
  | 'templateVersion'
  | 'servicesOffered'
  | 'gateDeadline'
  | 'gateClearedAt'
  | 'gateWaivedAt'
  | 'deliveredAt'
  | 'deliveredBy'
  | 'outcome'
  | 'createdAt'
>;

export const NOTIFICATION_COLUMNS = `n.id, n.offender_id AS "offenderId", n.assignment_id AS "assignmentId", n.agency_ori AS "agencyOri", n.type,
  n.tier_at_notice AS "tierAtNotice", n.due_at AS "dueAt", n.status, n.template_version AS "templateVersion", n.services_offered AS "servicesOffered",
  n.gate_deadline AS "gateDeadline", n.gate_cleared_at AS "gateClearedAt", n.gate_waived_at AS "gateWaivedAt", n.delivered_at AS "deliveredAt",
  n.delivered_by AS "deliveredBy", n.outcome, n.created_at AS "createdAt"`;

type EventKind = NotificationEventKind;

async function event(
  m: EntityManager,
  ids: readonly string[],
  kind: EventKind,
  at: Date,
  by: string,
  extra: { outcome?: string; dueAt?: Date; reason?: string } = {},
): Promise<void> {
  await m.query(
    `INSERT INTO notification_event (notification_id, kind, at, by_subject, outcome, due_at, reason) SELECT id, $2, $3, $4, $5, $6, $7 FROM unnest($1::uuid[]) AS id`,
    [ids, kind, at, by, extra.outcome ?? null, extra.dueAt ?? null, extra.reason ?? null],
  );
}

/** One notification within `scope` (locked FOR UPDATE when `lock`), or null. */
export async function findNotification(m: EntityManager, id: string, scope: (p: SqlParams) => string, lock: boolean): Promise<NotificationRow | null> {
  const p = new SqlParams();
  const where = `n.id = ${p.add(id)}::uuid AND ${scope(p)}`;
  const rows = (await m.query(`SELECT ${NOTIFICATION_COLUMNS} FROM notification n WHERE ${where}${lock ? ' FOR UPDATE' : ''}`, p.values)) as NotificationRow[];
  return rows[0] ?? null;
}

export async function recordAttempt(m: EntityManager, id: string, outcome: DeliveryOutcome, at: Date, by: string): Promise<void> {
  // The change and its event in one statement (the event of the row the UPDATE changed).
  await m.query(
    `WITH changed AS (
       UPDATE notification SET delivered_at = $2, delivered_by = $3, outcome = $4, status = CASE WHEN $4 = 'DELIVERED' THEN 'DELIVERED' ELSE status END
       WHERE id = $1 RETURNING id
     )
     INSERT INTO notification_event (notification_id, kind, at, by_subject, outcome) SELECT id, 'DELIVERY_ATTEMPT', $2, $3, $4 FROM changed`,
    [id, at, by, outcome],
  );
}

export async function reschedule(m: EntityManager, id: string, dueAt: Date, reason: string, by: string, now: Date): Promise<void> {
  await m.query(`UPDATE notification SET due_at = $2 WHERE id = $1`, [id, dueAt]);
  await event(m, [id], 'RESCHEDULED', now, by, { dueAt, reason });
}

/** What an advocacy agency's clearance did: opened the gate, or why it changed nothing. */
export type AdvocateClearanceOutcome = 'CLEARED' | 'ALREADY_CLEARED' | 'NOT_PENDING' | 'NOT_SERVED' | 'UNKNOWN';

/**
 * Opens the gate for an advocacy agency's clearance, once: only a pending notification of a police
 * agency the advocacy agency serves, not cleared yet. One statement; the outcome says why nothing
 * happened otherwise (unknown id, another agency's notification, delivered or superseded, cleared).
 */
export async function clearForAdvocates(
  m: EntityManager,
  c: { notificationId: string; advocacyAgency: string; servedAgencies: readonly string[]; clearedAt: Date; by: string },
): Promise<AdvocateClearanceOutcome> {
  const [row] = (await m.query(
    `WITH u AS (
       UPDATE notification SET gate_cleared_at = $2, gate_cleared_by_agency = $3
       WHERE id = $1 AND status = 'PENDING' AND gate_cleared_at IS NULL AND agency_ori = ANY($4::text[]) RETURNING id
     ), e AS (
       INSERT INTO notification_event (notification_id, kind, at, by_subject) SELECT id, 'GATE_CLEARED', $2, $5 FROM u
     )
     SELECT CASE WHEN EXISTS (SELECT 1 FROM u) THEN 'CLEARED' WHEN n.id IS NULL THEN 'UNKNOWN'
                 WHEN NOT n.agency_ori = ANY($4::text[]) THEN 'NOT_SERVED' WHEN n.gate_cleared_at IS NOT NULL THEN 'ALREADY_CLEARED'
                 ELSE 'NOT_PENDING' END AS outcome
     FROM (SELECT 1) AS one LEFT JOIN notification n ON n.id = $1`,
    [c.notificationId, c.clearedAt, c.advocacyAgency, [...c.servedAgencies], c.by],
  )) as { outcome: AdvocateClearanceOutcome }[];
  return row!.outcome;
}

export async function waiveGate(m: EntityManager, id: string, reason: string, by: string, now: Date): Promise<void> {
  // The waiver and its event in one statement (the event of the row the UPDATE changed).
  await m.query(
    `WITH changed AS (UPDATE notification SET gate_waived_at = $2, gate_waived_by = $3, gate_waiver_reason = $4 WHERE id = $1 RETURNING id)
     INSERT INTO notification_event (notification_id, kind, at, by_subject, reason) SELECT id, 'GATE_WAIVED', $2, $3, $4 FROM changed`,
    [id, now, by, reason],
  );
}
