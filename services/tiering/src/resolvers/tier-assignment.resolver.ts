import { GraphQLScalarType } from 'graphql';
import type { AssignmentRow } from '../repositories/assignment.repository';
import type { FlagRow, ReferralRow } from '../repositories/followup.repository';
import type { LedgerIncidentRow } from '../repositories/ledger.reader';
import type { PolicyRow } from '../repositories/policy.repository';
import { explanationFor, incidentsFor } from '../services/explanation';
import { ref, type Ctx } from './context';

/** The recording agency of each incident an assignment names, from the ledger (for rows without stored references). */
async function agencies(a: AssignmentRow, ctx: Ctx): Promise<(id: string) => string | undefined> {
  const missing = a.incidentIds.filter((id) => !(a.refs ?? []).some((r) => r.incidentId === id));
  const rows = missing.length ? await ctx.loaders.ledgerIncident.loadMany(missing) : [];
  const byId = new Map(rows.filter((r): r is LedgerIncidentRow => r !== null && !(r instanceof Error)).map((r) => [r.incidentId, r.agencyOri]));
  return (id) => byId.get(id);
}

export const TierAssignment = {
  isOverride: (a: AssignmentRow) => a.rule === 'MANUAL_OVERRIDE',
  explanation: async (a: AssignmentRow, _: unknown, ctx: Ctx) => explanationFor(a, ctx.loaders.scope, await agencies(a, ctx)),
  incidents: async (a: AssignmentRow, _: unknown, ctx: Ctx) =>
    incidentsFor(a, ctx.loaders.scope, await agencies(a, ctx)).visible.map((id) => ref('Incident', id)),
  otherAgencyIncidentCount: async (a: AssignmentRow, _: unknown, ctx: Ctx) => incidentsFor(a, ctx.loaders.scope, await agencies(a, ctx)).others,
  // Read as a record's person's tier, the assignment points at the record asked about (the caller may read it).
  offender: (a: AssignmentRow) => ref('Offender', a.viewedAs ?? a.offenderId),
};

export const ProsecutionFlag = {
  assignment: (f: FlagRow, _: unknown, ctx: Ctx) => ctx.loaders.assignment.load(f.assignmentId),
};

export const OffenderServiceReferral = {
  notification: (r: ReferralRow, _: unknown, ctx: Ctx) => ctx.loaders.notification.load(r.notificationId),
};

export const TierPolicy = {
  summary: (p: PolicyRow) => p.rules.summary,
};

export const JSONScalar = new GraphQLScalarType({
  name: 'JSON',
  description: 'Any JSON value (tier policy rules).',
  serialize: (v) => v,
  parseValue: (v) => v,
});

/** GraphQL Language values to the letters' language codes. */
export const Language = { EN: 'en', ES: 'es' };
