/** Notification and its history: every field from the row, a loader, or the domain's read-time rules (clearance, the letter). */
import type { NotificationEventResolvers, NotificationResolvers } from '../generated/resolvers';
import type { LedgerIncidentRow } from '../repositories/ledger.reader';
import { clearanceState } from '../domain/clearance';
import { seesIncident } from '../domain/explanation';
import { renderLetter } from '../domain/letter';
import { ref, type NotificationParent, type TieringContext } from './context';

/** The letter in the offender's language, naming the conduct the caller may see named; in the site's voice when it has one. */
async function letter(n: NotificationParent, ctx: TieringContext) {
  const [language, assignment] = await Promise.all([ctx.loaders.language.load(n.offenderId), ctx.loaders.assignment.load(n.assignmentId)]);
  const lang = language?.language ?? 'en';
  const [incidents, voice] = await Promise.all([
    ctx.loaders.ledgerIncident.loadMany(assignment?.incidentIds ?? []),
    ctx.loaders.voice.load(`${n.agencyOri}|${lang}|${n.createdAt.toISOString()}`),
  ]);
  // Another agency's conduct is named only when the sharing agreement shares charges.
  const scope = ctx.domain.scope;
  const named = (i: LedgerIncidentRow) => scope.sharing.charges || seesIncident(scope, i.agencyOri);
  const behaviour = incidents
    .filter((i): i is LedgerIncidentRow => i !== null && !(i instanceof Error) && named(i))
    .map((i) => ({ occurredAt: i.occurredAt, offenseCodes: i.offenseCodes }));
  const siteVoice = voice.template ? { profile: voice.profile, template: voice.template } : null;
  return renderLetter({ ...n, siteVoice }, n.offenderName ?? null, lang, behaviour);
}

export const Notification: NotificationResolvers = {
  __resolveReference: async (r, ctx) => {
    const row = await ctx.loaders.notification.load(r.id);
    const name = (r as { offender?: { name?: string | null } | null }).offender?.name ?? null;
    return row && { ...row, offenderName: name };
  },
  overdue: (n, _, ctx) => n.status === 'PENDING' && n.dueAt.getTime() < ctx.now().getTime(),
  clearance: (n, _, ctx) => ({ state: clearanceState(n, ctx.now()), deadline: n.gateDeadline }),
  history: (n, _, ctx) => ctx.loaders.notificationEvents.load(n.id),
  offender: (n) => ref(n.offenderId),
  assignment: async (n, _, ctx) => (await ctx.loaders.assignment.load(n.assignmentId))!,
  letter: (n, _, ctx) => letter(n, ctx),
};

export const NotificationEvent: NotificationEventResolvers = {
  outcome: (e) => e.outcome,
};
