/**
 * Call-in sessions: a coordinator schedules one (time, place, agency, who speaks for whom), invites
 * offenders holding an open CALL_IN notification, and records who came. An attendance delivers the
 * notification through the one delivery path (NotificationService.recordDelivery: the ledger, the
 * offer of help, the victim-first clearance); a miss reschedules it by the site's policy through
 * NotificationService.reschedule. The session keeps who spoke for whom, never what was said.
 */
import { randomUUID } from 'node:crypto';
import { conflict, decodeCursor, InputError, notFound, pageOf, type Connection, type HubConfig, type PageArgs, type Principal } from '@ipvi/core';
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
import { id, list, ownPoliceAgency, policeAgency, requiredText, text } from './inputs';

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
  page(args: PageArgs, f: { agency?: string | null; startsAfter?: Date | null } | null | undefined): Promise<Connection<SessionRow>> {
    const page = pageOf({ first: args.first });
    const after = args.after ? decodeCursor(args.after) : undefined;
    if (after && (after.length !== 2 || after.some((x) => typeof x !== 'string'))) throw new InputError('after', 'is not a cursor returned by this list');
    return this.d.reader.page(page.limit, after as [string, string] | undefined, {
      agency: f?.agency == null ? null : policeAgency(this.d.config, f.agency, 'filter.agency'),
      startsAfter: f?.startsAfter ?? null,
    });
  }

  async schedule(input: {
    agency?: string | null;
    startsAt: Date;
    place: string;
    speakers: readonly { role: SpeakerRole; name: string; organisation?: string | null }[];
  }): Promise<string> {
    const agency = ownPoliceAgency(this.d.config, this.d.principal, input.agency, 'input.agency');
    if (input.startsAt.getTime() <= this.d.now().getTime()) throw new InputError('input.startsAt', 'must be in the future');
    const place = requiredText(input.place, 'input.place', 500);
    const speakers = list(input.speakers, 'input.speakers', 1, 30).map((s, n) => {
      if (!SPEAKER_ROLES.includes(s.role)) throw new InputError(`input.speakers.${n}.role`, 'is not a speaker role');
      return {
        role: s.role,
        name: requiredText(s.name, `input.speakers.${n}.name`, 200),
        organisation: text(s.organisation, `input.speakers.${n}.organisation`, 200, false),
      };
    });
    const sessionId = randomUUID();
    await this.d.ds.transaction((m) =>
      insertSession(
        m,
        { id: sessionId, agencyOri: agency, startsAt: input.startsAt, place, scheduledAt: this.d.now(), scheduledBy: this.d.principal.sub },
        speakers,
      ),
    );
    return sessionId;
  }

  async invite(input: { sessionId: string; offenderIds: readonly string[] }): Promise<string> {
    const sessionId = id(input.sessionId, 'input.sessionId');
    const offenders = list(input.offenderIds, 'input.offenderIds', 1, 100).map((o, n) => id(o, `input.offenderIds.${n}`));
    await this.d.ds.transaction(async (m) => {
      const session = await findSession(m, sessionId, this.d.agencies, true);
      if (!session) throw notFound('Call-in session');
      const open = await openCallIns(m, offenders, session.agencyOri, this.d.scope);
      const missing = offenders.findIndex((o) => !open.some((c) => c.offenderId === o));
      // Out of scope, unknown, or without an open CALL_IN notification: one answer for all three.
      if (missing >= 0) throw new InputError(`input.offenderIds.${missing}`, "has no open CALL_IN notification of the session's agency");
      await insertInvitations(m, session.id, open, this.d.now(), this.d.principal.sub);
    });
    return sessionId;
  }

  /**
   * Checks every entry first (invited, not recorded yet, the clearance open for each attendance), then
   * delivers or reschedules each notification through the one delivery path, then records it.
   */
  async recordAttendance(input: { sessionId: string; attendance: readonly { offenderId: string; attended: boolean }[] }): Promise<string> {
    const sessionId = id(input.sessionId, 'input.sessionId');
    const entries = list(input.attendance, 'input.attendance', 1, 100).map((a, n) => ({
      offenderId: id(a.offenderId, `input.attendance.${n}.offenderId`),
      attended: a.attended,
    }));
    const now = this.d.now();
    const session = await findSession(this.d.ds, sessionId, this.d.agencies);
    if (!session) throw notFound('Call-in session');
    if (session.startsAt.getTime() > now.getTime()) throw conflict('Attendance can be recorded once the session has started.');
    const invitations = await this.d.ds.transaction((m) => invitationsForAttendance(m, session.id));
    const plan = entries.map((e, n) => {
      const inv = invitations.find((i) => i.offenderId === e.offenderId);
      if (!inv) throw new InputError(`input.attendance.${n}.offenderId`, 'was not invited to this session');
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
