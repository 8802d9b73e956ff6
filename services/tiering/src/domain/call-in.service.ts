/**
 * Call-in sessions: a coordinator schedules one (time, place, agency, who speaks for whom), invites
 * offenders holding an open CALL_IN notification, and records who came. An attendance delivers the
 * notification through the one delivery path (NotificationService.recordDelivery: the ledger, the
 * offer of help, the victim-first clearance); a miss reschedules it by the site's policy through
 * NotificationService.reschedule. The session keeps who spoke for whom, never what was said.
 */
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import {
  conflict,
  CursorShapes,
  fieldPath,
  futureInstant,
  notFound,
  Problems,
  requiredText,
  textOrBlank,
  TEXT,
  type Connection,
  type HubConfig,
  type PageArgs,
  type Principal,
} from '@ipvi/core';
import type { DataSource } from 'typeorm';
import {
  type CallInReader,
  findSession,
  insertInvitations,
  insertSession,
  invitationsForAttendance,
  openCallIns,
  setAttendance,
  SPEAKER_ROLES,
  type SpeakerRole,
} from '../repositories/call-in.repository';
import type { ProgramScope } from '../repositories/program-scope';
import { currentProfile } from '../repositories/site.repository';
import type { SessionRow } from '../repositories/call-in.repository';
import { nonEmptyList, ownPoliceAgency, pageIn, policeAgency, rowId } from './inputs';

/** The one delivery path of notifications (domain/notification.service.ts). */
export interface NotificationDelivery {
  recordDelivery(input: { notificationId: string; deliveredAt: Date; outcome: 'DELIVERED' }): Promise<unknown>;
  reschedule(input: { notificationId: string; dueAt: Date; reason: string }): Promise<unknown>;
}

export interface CallInDeps {
  readonly ds: DataSource;
  readonly principal: Principal;
  readonly config: HubConfig;
  readonly now: () => Date;
  /** Police agencies whose sessions the caller reads and runs. */
  readonly agencies: readonly string[];
  /** Which offenders the caller may invite (the roster's scope). */
  readonly scope: ProgramScope;
  readonly delivery: NotificationDelivery;
  readonly reader: CallInReader;
}

/** Days a missed call-in's notification moves out by when the site has no profile. */
export const DEFAULT_MISSED_RESCHEDULE_DAYS = 14;
const DAY = 86_400_000;

export class CallInService {
  constructor(private readonly d: CallInDeps) {}

  /** Sessions of the caller's agencies, latest start first. */
  page(args: PageArgs, filter: { agency?: string | null; startsAfter?: Date | null } | null | undefined): Promise<Connection<SessionRow>> {
    const p = new Problems('');
    const v = p.parse(z.object({ filter: z.object({ agency: policeAgency(this.d.config).nullish(), startsAfter: z.date().nullish() }).nullish() }), { filter });
    const page = pageIn<[string, string]>(p, args, CursorShapes.instantAndId);
    const f = p.done(v).filter;
    return this.d.reader.page(page!.limit, page!.after, { agency: f?.agency ?? null, startsAfter: f?.startsAfter ?? null });
  }

  async schedule(input: {
    agency?: string | null;
    startsAt: Date;
    place: string;
    speakers: readonly { role: SpeakerRole; name: string; organisation?: string | null }[];
  }): Promise<string> {
    const p = new Problems();
    const v = p.done(
      p.parse(
        z.object({
          agency: ownPoliceAgency(this.d.config, this.d.principal),
          startsAt: futureInstant(this.d.now()),
          place: requiredText(TEXT.short),
          speakers: nonEmptyList(z.object({ role: z.enum(SPEAKER_ROLES), name: requiredText(TEXT.name), organisation: textOrBlank(TEXT.name) }), 30),
        }),
        input,
      ),
    );
    const sessionId = randomUUID();
    await this.d.ds.transaction((m) =>
      insertSession(
        m,
        { id: sessionId, agencyOri: v.agency, startsAt: v.startsAt, place: v.place, scheduledAt: this.d.now(), scheduledBy: this.d.principal.sub },
        v.speakers,
      ),
    );
    return sessionId;
  }

  async invite(input: { sessionId: string; offenderIds: readonly string[] }): Promise<string> {
    const p = new Problems();
    const v = p.done(p.parse(z.object({ sessionId: rowId(), offenderIds: nonEmptyList(rowId(), 100) }), input));
    await this.d.ds.transaction(async (m) => {
      const session = await findSession(m, v.sessionId, this.d.agencies, true);
      if (!session) throw notFound('Call-in session');
      const open = await openCallIns(m, v.offenderIds, session.agencyOri, this.d.scope);
      // Out of scope, unknown, or without an open CALL_IN notification: one answer for all three, for each such offender.
      v.offenderIds.forEach((o, n) =>
        p.check(
          open.some((c) => c.offenderId === o),
          fieldPath('input', ['offenderIds', n]),
          "has no open CALL_IN notification of the session's agency",
        ),
      );
      p.throwIfAny();
      await insertInvitations(m, session.id, open, this.d.now(), this.d.principal.sub);
    });
    return v.sessionId;
  }

  /**
   * Checks every entry first (invited, not recorded yet, the clearance open for each attendance), then
   * delivers or reschedules each notification through the one delivery path, then records it.
   */
  async recordAttendance(input: { sessionId: string; attendance: readonly { offenderId: string; attended: boolean }[] }): Promise<string> {
    const p = new Problems();
    const v = p.done(p.parse(z.object({ sessionId: rowId(), attendance: nonEmptyList(z.object({ offenderId: rowId(), attended: z.boolean() }), 100) }), input));
    const now = this.d.now();
    const session = await findSession(this.d.ds, v.sessionId, this.d.agencies);
    if (!session) throw notFound('Call-in session');
    if (session.startsAt.getTime() > now.getTime()) throw conflict('Attendance can be recorded once the session has started.');
    const invitations = await this.d.ds.transaction((m) => invitationsForAttendance(m, session.id));
    const found = v.attendance.map((e, n) => {
      const inv = invitations.find((i) => i.offenderId === e.offenderId);
      p.check(inv !== undefined, fieldPath('input', ['attendance', n, 'offenderId']), 'was not invited to this session');
      return inv;
    });
    p.throwIfAny();
    const plan = v.attendance.map((e, n) => {
      const inv = found[n]!;
      if (inv.attendance !== 'INVITED') throw conflict(`Attendance of entry ${n} is already recorded.`);
      if (e.attended && !inv.clearanceOpenAt(now)) {
        throw conflict(
          `Entry ${n}: the notification cannot be delivered while its victim-first clearance is PENDING (advocates clear it, or a coordinator waives it).`,
        );
      }
      return { ...e, inv };
    });
    const profile = await currentProfile(this.d.ds, session.agencyOri);
    const days = profile?.missedCallInRescheduleDays ?? DEFAULT_MISSED_RESCHEDULE_DAYS;
    for (const { attended, inv } of plan) {
      if (attended) {
        await this.d.delivery.recordDelivery({ notificationId: inv.notificationId, deliveredAt: session.startsAt, outcome: 'DELIVERED' });
        await this.d.ds.transaction((m) => setAttendance(m, inv.id, 'ATTENDED', now, this.d.principal.sub, null));
      } else {
        const dueAt = new Date(now.getTime() + days * DAY);
        await this.d.delivery.reschedule({
          notificationId: inv.notificationId,
          dueAt,
          reason: `Missed the call-in session of ${session.startsAt.toISOString().slice(0, 10)} (site policy: ${days} days)`,
        });
        await this.d.ds.transaction((m) => setAttendance(m, inv.id, 'MISSED', now, this.d.principal.sub, dueAt));
      }
    }
    return session.id;
  }
}
