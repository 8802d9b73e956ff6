import type { ChargeResolvers, IncidentResolvers, IncidentVersionResolvers, IncidentVictimResolvers, LethalityScreenResolvers } from '../generated/resolvers';
import { lapResult, LAP_KEYS, screenedIn, type LapAnswers } from '../lethality';
import type { IncidentsContext as Ctx } from './context';
import { asRelationshipCode, coded, INJURIES, offenseDescription, relationshipDescription, WEAPONS } from '../nibrs';
import type { ChargeRow, ScreenRow, VersionRow } from '../repositories/incident-details.repository';
import type { IncidentRow } from '../repositories/incident.repository';
import type { OffenderRow } from '../repositories/offender.repository';
import { SCREEN_COLUMNS } from '../repositories/incident-rows';
import { inForceOn } from '../repositories/protective-order.repository';
import type { VictimRow } from '../repositories/victim.repository';

async function offendersOf(i: IncidentRow, ctx: Ctx) {
  const links = await ctx.loaders.offenderIdsByIncident.load(i.id);
  const rows = await ctx.loaders.offender.loadMany(links.map((l) => l.offender_id));
  return rows.filter((r): r is OffenderRow => r !== null && !(r instanceof Error));
}

export const Incident: IncidentResolvers = {
  __resolveReference: (ref: { id: string }, ctx: Ctx) => ctx.loaders.incident.load(ref.id),
  agencyOri: (i: IncidentRow) => i.agency_ori,
  rmsNumber: (i: IncidentRow) => i.rms_number,
  occurredAt: (i: IncidentRow) => i.occurred_at,
  reportedAt: (i: IncidentRow) => i.reported_at,
  offenses: (i: IncidentRow) =>
    i.offense_codes.map((code) => ({ code, description: offenseDescription(code), attempted: i.attempted_offense_codes.includes(code) })),
  relationshipCode: (i: IncidentRow) => asRelationshipCode(i.relationship_code),
  relationship: (i: IncidentRow) => (i.relationship_code === null ? null : relationshipDescription(i.relationship_code)),
  isIntimatePartner: (i: IncidentRow) => i.is_intimate_partner,
  intimatePartnerValidated: (i: IncidentRow) => i.ip_validated,
  arrestMade: (i: IncidentRow) => i.arrest_made,
  weapon: (i: IncidentRow) => coded(WEAPONS, i.weapon_code),
  weaponInvolved: (i: IncidentRow) => i.weapon_involved,
  injury: (i: IncidentRow) => coded(INJURIES, i.injury_code),
  childrenPresent: (i: IncidentRow) => i.children_present,
  reportingOfficer: (i: IncidentRow) => i.reporting_officer,
  charges: (i: IncidentRow, _: unknown, ctx: Ctx) => ctx.loaders.chargesByIncident.load(i.id),
  offenders: (i: IncidentRow, _: unknown, ctx: Ctx) => offendersOf(i, ctx),
  victims: (i: IncidentRow, _: unknown, ctx: Ctx) => ctx.loaders.victimsByIncident.load(i.id),
  lethalityScreen: (i: IncidentRow, _: unknown, ctx: Ctx) => ctx.loaders.screenByIncident.load(i.id),
  protectiveOrderViolation: (i: IncidentRow) => i.po_violation,
  violatedProtectiveOrder: (i: IncidentRow, _: unknown, ctx: Ctx) => (i.violated_order_id ? ctx.loaders.protectiveOrder.load(i.violated_order_id) : null),
  protectiveOrderInForce: async (i: IncidentRow, _: unknown, ctx: Ctx) => {
    const links = await ctx.loaders.offenderIdsByIncident.load(i.id);
    const orders = (await ctx.loaders.ordersByOffender.loadMany(links.map((l) => l.offender_id))).flatMap((o) => (Array.isArray(o) ? o : []));
    return orders.some((o) => inForceOn(o, i.occurred_at.toISOString().slice(0, 10)));
  },
  versions: (i: IncidentRow, _: unknown, ctx: Ctx) => ctx.loaders.versionsByIncident.load(i.id),
};

export const Charge: ChargeResolvers = {
  dvRelated: (c: ChargeRow) => c.dv_related,
  chargedOn: (c: ChargeRow) => c.charged_on,
  dispositionDate: (c: ChargeRow) => c.disposition_date,
};

export const IncidentVictim: IncidentVictimResolvers = {
  dateOfBirth: (v: VictimRow) => v.date_of_birth,
  injury: (v: VictimRow) => coded(INJURIES, v.injury_code),
};

const answersOf = (s: ScreenRow): LapAnswers => Object.fromEntries(LAP_KEYS.map((k, n) => [k, s[SCREEN_COLUMNS[n]!] as boolean | null])) as LapAnswers;
const screenOf = (s: ScreenRow) => ({ answers: answersOf(s), declined: s.declined, officerBelief: s.officer_belief });

export const LethalityScreen: LethalityScreenResolvers = {
  ...Object.fromEntries(LAP_KEYS.map((k, n) => [k, (s: ScreenRow) => s[SCREEN_COLUMNS[n]!]])),
  screenedAt: (s: ScreenRow) => s.screened_at,
  administeredBy: (s: ScreenRow) => s.administered_by,
  officerBelief: (s: ScreenRow) => s.officer_belief,
  result: (s: ScreenRow) => lapResult(screenOf(s)),
  screenedIn: (s: ScreenRow) => screenedIn(screenOf(s)),
  spokeWithHotline: (s: ScreenRow) => s.spoke_with_hotline,
};

export const IncidentVersion: IncidentVersionResolvers = {
  recordedAt: (v: VersionRow) => v.recorded_at,
  supersededAt: (v: VersionRow) => v.superseded_at,
  changedFields: (v: VersionRow) => v.changed_fields,
  snapshot: (v: VersionRow) => (v.record === null ? null : JSON.stringify(v.record)),
};
