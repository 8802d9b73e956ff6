import type { LedgerIncidentRow } from '../repositories/ledger.reader';
import type { NotificationEventRow } from '../repositories/notification.reader';
import type { NotificationRow } from '../repositories/notification.repository';
import { clearanceState } from '../services/clearance';
import { seesIncident } from '../services/explanation';
import { renderLetter } from '../services/letter';
import { ref, type Ctx } from './context';

/** A notification, plus the offender's name when the gateway supplies it for the letter (@requires). */
type Row = NotificationRow & { offenderName?: string | null };
type Representation = { id: string; offender?: { name?: string | null } | null };

export const Notification = {
  __resolveReference: async (r: Representation, ctx: Ctx): Promise<Row | null> => {
    const row = await ctx.loaders.notification.load(r.id);
    return row && { ...row, offenderName: r.offender?.name ?? null };
  },
  overdue: (n: Row, _: unknown, ctx: Ctx) => n.status === 'PENDING' && n.dueAt.getTime() < ctx.now().getTime(),
  clearance: (n: Row, _: unknown, ctx: Ctx) => ({ state: clearanceState(n, ctx.now()), deadline: n.gateDeadline }),
  history: (n: Row, _: unknown, ctx: Ctx) => ctx.loaders.notificationEvents.load(n.id),
  offender: (n: Row) => ref('Offender', n.offenderId),
  assignment: (n: Row, _: unknown, ctx: Ctx) => ctx.loaders.assignment.load(n.assignmentId),
  letter: async (n: Row, _: unknown, ctx: Ctx) => {
    const [language, assignment] = await Promise.all([ctx.loaders.language.load(n.offenderId), ctx.loaders.assignment.load(n.assignmentId)]);
    const incidents = await ctx.loaders.ledgerIncident.loadMany(assignment?.incidentIds ?? []);
    // Another agency's conduct is named only when the sharing agreement shares charges.
    const named = (i: LedgerIncidentRow) => ctx.loaders.scope.sharing.charges || seesIncident(ctx.loaders.scope, i.agencyOri);
    const behaviour = incidents
      .filter((i): i is LedgerIncidentRow => i !== null && !(i instanceof Error) && named(i))
      .map((i) => ({ occurredAt: i.occurredAt, offenseCodes: i.offenseCodes }));
    return renderLetter(n, n.offenderName ?? null, language?.language ?? 'en', behaviour);
  },
};

export const NotificationEvent = {
  outcome: (e: NotificationEventRow) => e.outcome,
};
