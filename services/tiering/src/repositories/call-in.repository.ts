/** Call-in sessions, their speakers and invitations. Queries only; writes take the caller's transaction. */
import type { DataSource, EntityManager } from 'typeorm';
import { connectionOf, type Connection } from '@ipvi/core';
import { clearanceOpen } from '../domain/clearance';
import { rosterScopeSql, type ProgramScope } from './program-scope';
import { SqlParams } from './scope';
import type { Attendance, CallInInvitationEntity, CallInSessionEntity, CallInSpeakerEntity, NotificationEntity, SpeakerRole } from '../entities';

export type { Attendance, SpeakerRole } from '../entities';
export const SPEAKER_ROLES = [
  'POLICE',
  'PROSECUTOR',
  'PROBATION',
  'COMMUNITY_MEMBER',
  'VICTIM_VOICE',
  'SERVICE_PROVIDER',
] as const satisfies readonly SpeakerRole[];

export type SessionRow = CallInSessionEntity;

export type SpeakerRow = Omit<CallInSpeakerEntity, 'position'>;

export type InvitationRow = Pick<CallInInvitationEntity, 'id' | 'sessionId' | 'offenderId' | 'notificationId' | 'attendance' | 'recordedAt' | 'rescheduledTo'>;

/** An open CALL_IN notification an invitation may name, with its clearance facts. */
export type OpenCallIn = Pick<NotificationEntity, 'id' | 'offenderId' | 'gateDeadline' | 'gateClearedAt' | 'gateWaivedAt'>;

const SESSION = `s.id, s.agency_ori AS "agencyOri", s.starts_at AS "startsAt", s.place, s.scheduled_at AS "scheduledAt", s.scheduled_by AS "scheduledBy"`;
const INVITATION = `i.id, i.session_id AS "sessionId", i.offender_id AS "offenderId", i.notification_id AS "notificationId", i.attendance,
  i.recorded_at AS "recordedAt", i.rescheduled_to AS "rescheduledTo"`;

type Db = DataSource | EntityManager;

export async function insertSession(m: EntityManager, s: SessionRow, speakers: readonly Omit<SpeakerRow, 'sessionId'>[]): Promise<void> {
  await m.query(`INSERT INTO call_in_session (id, agency_ori, starts_at, place, scheduled_at, scheduled_by) VALUES ($1, $2, $3, $4, $5, $6)`, [
    s.id,
    s.agencyOri,
    s.startsAt,
    s.place,
    s.scheduledAt,
    s.scheduledBy,
  ]);
  await m.query(
    `INSERT INTO call_in_speaker (session_id, position, role, name, organisation)
     SELECT $1, n, r, nm, org FROM unnest($2::text[], $3::text[], $4::text[]) WITH ORDINALITY AS t(r, nm, org, n)`,
    [s.id, speakers.map((x) => x.role), speakers.map((x) => x.name), speakers.map((x) => x.organisation)],
  );
}

/** A session of one of `agencies` (locked when `lock`), or null. */
export async function findSession(db: Db, id: string, agencies: readonly string[], lock = false): Promise<SessionRow | null> {
  const rows = (await db.query(`SELECT ${SESSION} FROM call_in_session s WHERE s.id = $1 AND s.agency_ori = ANY($2::text[])${lock ? ' FOR UPDATE' : ''}`, [
    id,
    [...agencies],
  ])) as SessionRow[];
  return rows[0] ?? null;
}

/** Each offender's open (pending) CALL_IN notification of `agency`, for offenders within the caller's scope. */
export async function openCallIns(m: EntityManager, offenderIds: readonly string[], agency: string, scope: ProgramScope): Promise<OpenCallIn[]> {
  const p = new SqlParams();
  return m.query(
    `SELECT DISTINCT ON (n.offender_id) n.id, n.offender_id AS "offenderId", n.gate_deadline AS "gateDeadline", n.gate_cleared_at AS "gateClearedAt", n.gate_waived_at AS "gateWaivedAt"
     FROM notification n WHERE n.offender_id = ANY(${p.add(offenderIds)}::uuid[]) AND n.agency_ori = ${p.add(agency)} AND n.type = 'CALL_IN' AND n.status = 'PENDING'
       AND ${rosterScopeSql(scope, p, 'n.offender_id')}
     ORDER BY n.offender_id, n.created_at DESC`,
    p.values,
  );
}

export async function insertInvitations(m: EntityManager, sessionId: string, invites: readonly OpenCallIn[], at: Date, by: string): Promise<void> {
  await m.query(
    `INSERT INTO call_in_invitation (id, session_id, offender_id, notification_id, attendance, invited_at, invited_by)
     SELECT gen_random_uuid(), $1, o, n, 'INVITED', $4, $5 FROM unnest($2::uuid[], $3::uuid[]) AS t(o, n) ON CONFLICT (session_id, offender_id) DO NOTHING`,
    [sessionId, invites.map((i) => i.offenderId), invites.map((i) => i.id), at, by],
  );
}

/** A session's invitations with their notifications' clearance facts (locked for the attendance write). */
export async function invitationsForAttendance(m: EntityManager, sessionId: string): Promise<(InvitationRow & { clearanceOpenAt: (now: Date) => boolean })[]> {
  const rows = (await m.query(
    `SELECT ${INVITATION}, n.gate_deadline AS "gateDeadline", n.gate_cleared_at AS "gateClearedAt", n.gate_waived_at AS "gateWaivedAt"
     FROM call_in_invitation i JOIN notification n ON n.id = i.notification_id WHERE i.session_id = $1 FOR UPDATE OF i`,
    [sessionId],
  )) as (InvitationRow & OpenCallIn)[];
  return rows.map((r) => ({ ...r, clearanceOpenAt: (now: Date) => clearanceOpen(r, now) }));
}

export async function setAttendance(
  m: EntityManager,
  invitationId: string,
  attendance: Attendance,
  at: Date,
  by: string,
  rescheduledTo: Date | null,
): Promise<void> {
  await m.query(
    `UPDATE call_in_invitation SET attendance = $2, recorded_at = $3, recorded_by = $4, rescheduled_to = $5 WHERE id = $1 AND attendance = 'INVITED'`,
    [invitationId, attendance, at, by, rescheduledTo],
  );
}

/** Read side, per request: sessions of the caller's agencies. */
export class CallInReader {
  constructor(
    private readonly ds: DataSource,
    private readonly agencies: readonly string[],
  ) {}

  byIds(ids: readonly string[]): Promise<SessionRow[]> {
    return this.ds.query(`SELECT ${SESSION} FROM call_in_session s WHERE s.id = ANY($1::uuid[]) AND s.agency_ori = ANY($2::text[])`, [ids, [...this.agencies]]);
  }

  speakers(sessionIds: readonly string[]): Promise<SpeakerRow[]> {
    return this.ds.query(
      `SELECT session_id AS "sessionId", role, name, organisation FROM call_in_speaker WHERE session_id = ANY($1::uuid[]) ORDER BY session_id, position`,
      [sessionIds],
    );
  }

  invitations(sessionIds: readonly string[]): Promise<InvitationRow[]> {
    return this.ds.query(
      `SELECT ${INVITATION} FROM call_in_invitation i WHERE i.session_id = ANY($1::uuid[]) ORDER BY i.session_id, i.invited_at, i.offender_id`,
      [sessionIds],
    );
  }

  async page(
    limit: number,
    after: readonly [string, string] | undefined,
    f: { agency: string | null; startsAfter: Date | null },
  ): Promise<Connection<SessionRow & { cursorAt: string }>> {
    const p = new SqlParams();
    const where = [`s.agency_ori = ANY(${p.add([...this.agencies])}::text[])`];
    if (f.agency) where.push(`s.agency_ori = ${p.add(f.agency)}`);
    if (f.startsAfter) where.push(`s.starts_at >= ${p.add(f.startsAfter)}`);
    const cond = after ? `(s.starts_at, s.id) < (${p.add(after[0])}::timestamptz, ${p.add(after[1])}::uuid)` : undefined;
    const keyset = cond ? ` AND ${cond}` : '';
    const rows = (await this.ds.query(
      `SELECT ${SESSION}, to_char(s.starts_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS "cursorAt" FROM call_in_session s
       WHERE ${where.join(' AND ')}${keyset} ORDER BY s.starts_at DESC, s.id DESC LIMIT ${limit + 1}`,
      p.values,
    )) as (SessionRow & { cursorAt: string })[];
    // preceding: sessions (as filtered) at or before the cursor, so hasPreviousPage is exact.
    const [{ n, preceding }] = (await this.ds.query(
      `SELECT count(*)::int AS n, count(*) FILTER (WHERE ${cond ? `NOT ${cond}` : 'false'})::int AS preceding FROM call_in_session s WHERE ${where.join(' AND ')}`,
      p.values,
    )) as [{ n: number; preceding: number }];
    return connectionOf(rows, limit, n, (r) => [r.cursorAt, r.id], preceding);
  }
}
