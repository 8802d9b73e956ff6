import type { IncidentResolvers, IncidentVersionResolvers, IncidentVictimResolvers, LethalityScreenResolvers } from '../generated/resolvers';
import { lapResult, LAP_KEYS, screenedIn, type LapAnswers } from '../lethality';
import type { IncidentsContext as Ctx } from './context';
import { asRelationshipCode, coded, INJURIES, offenseDescription, relationshipDescription, WEAPONS } from '../nibrs';
import type { ScreenRow, VersionRow } from '../repositories/incident-details.repository';
import type { IncidentRow } from '../repositories/incident.repository';
import type { OffenderRow } from '../repositories/offender.repository';
import { inForceOn } from '../repositories/protective-order.repository';
import type { VictimRow } from '../repositories/victim.repository';

async function offendersOf(i: IncidentRow, ctx: Ctx) {
  const links = await ctx.loaders.offenderIdsByIncident.load(i.id);
  const rows = await ctx.loaders.offender.loadMany(links.map((l) => l.offenderId));
  return rows.filter((r): r is OffenderRow => r !== null && !(r instanceof Error));
}

export const Incident: IncidentResolvers = {
  __resolveReference: (ref: { id: string }, ctx: Ctx) => ctx.loaders.incident.load(ref.id),
  offenses: (i: IncidentRow) =>
    i.offenseCodes.map((code) => ({ code, description: offenseDescription(code), attempted: i.attemptedOffenseCodes.includes(code) })),
  relationshipCode: (i: IncidentRow) => asRelationshipCode(i.relationshipCode),
  relationship: (i: IncidentRow) => (i.relationshipCode === null ? null : relationshipDescription(i.relationshipCode)),
  intimatePartnerValidated: (i: IncidentRow) => i.ipValidated,
  weapon: (i: IncidentRow) => coded(WEAPONS, i.weaponCode),
  injury: (i: IncidentRow) => coded(INJURIES, i.injuryCode),
  charges: (i: IncidentRow, _: unknown, ctx: Ctx) => ctx.loaders.chargesByIncident.load(i.id),
  offenders: (i: IncidentRow, _: unknown, ctx: Ctx) => offendersOf(i, ctx),
  victims: (i: IncidentRow, _: unknown, ctx: Ctx) => ctx.loaders.victimsByIncident.load(i.id),
  lethalityScreen: (i: IncidentRow, _: unknown, ctx: Ctx) => ctx.loaders.screenByIncident.load(i.id),
  protectiveOrderViolation: (i: IncidentRow) => i.poViolation,
  violatedProtectiveOrder: (i: IncidentRow, _: unknown, ctx: Ctx) => (i.violatedOrderId ? ctx.loaders.protectiveOrder.load(i.violatedOrderId) : null),
  protectiveOrderInForce: async (i: IncidentRow, _: unknown, ctx: Ctx) => {
    const links = await ctx.loaders.offenderIdsByIncident.load(i.id);
    const orders = (await ctx.loaders.ordersByOffender.loadMany(links.map((l) => l.offenderId))).flatMap((o) => (Array.isArray(o) ? o : []));
    return orders.some((o) => inForceOn(o, i.occurredAt.toISOString().slice(0, 10)));
  },
  versions: (i: IncidentRow, _: unknown, ctx: Ctx) => ctx.loaders.versionsByIncident.load(i.id),
};

export const IncidentVictim: IncidentVictimResolvers = {
  injury: (v: VictimRow) => coded(INJURIES, v.injuryCode),
};

const answersOf = (s: ScreenRow): LapAnswers => Object.fromEntries(LAP_KEYS.map((k) => [k, s[k]])) as LapAnswers;
const screenOf = (s: ScreenRow) => ({ answers: answersOf(s), declined: s.declined, officerBelief: s.officerBelief });

export const LethalityScreen: LethalityScreenResolvers = {
  result: (s: ScreenRow) => lapResult(screenOf(s)),
  screenedIn: (s: ScreenRow) => screenedIn(screenOf(s)),
};

export const IncidentVersion: IncidentVersionResolvers = {
  snapshot: (v: VersionRow) => (v.record === null ? null : JSON.stringify(v.record)),
};
