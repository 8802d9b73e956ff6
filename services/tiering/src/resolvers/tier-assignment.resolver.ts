import { GraphQLScalarType } from 'graphql';
import type { OffenderServiceReferralResolvers, ProsecutionFlagResolvers, TierAssignmentResolvers, TierPolicyResolvers } from '../generated/resolvers';
import type { AssignmentRow } from '../repositories/assignment.repository';
import type { LedgerIncidentRow } from '../repositories/ledger.reader';
import { explanationFor, incidentsFor } from '../domain/explanation';
import { ref, type TieringContext } from './context';

/** The recording agency of each incident an assignment names, from the ledger (for rows without stored references). */
async function agencies(a: AssignmentRow, ctx: TieringContext): Promise<(id: string) => string | undefined> {
  const missing = a.incidentIds.filter((id) => !(a.refs ?? []).some((r) => r.incidentId === id));
  const rows = missing.length ? await ctx.loaders.ledgerIncident.loadMany(missing) : [];
  const byId = new Map(rows.filter((r): r is LedgerIncidentRow => r !== null && !(r instanceof Error)).map((r) => [r.incidentId, r.agencyOri]));
  return (id) => byId.get(id);
}

export const TierAssignment: TierAssignmentResolvers = {
  isOverride: (a) => a.rule === 'MANUAL_OVERRIDE',
  explanation: async (a, _, ctx) => explanationFor(a, ctx.domain.scope, await agencies(a, ctx)),
  incidents: async (a, _, ctx) => incidentsFor(a, ctx.domain.scope, await agencies(a, ctx)).visible.map(ref),
  otherAgencyIncidentCount: async (a, _, ctx) => incidentsFor(a, ctx.domain.scope, await agencies(a, ctx)).others,
  // Read as a record's person's tier, the assignment points at the record asked about (the caller may read it).
  offender: (a) => ref(a.viewedAs ?? a.offenderId),
};

export const ProsecutionFlag: ProsecutionFlagResolvers = {
  assignment: async (f, _, ctx) => (await ctx.loaders.assignment.load(f.assignmentId))!,
};

export const OffenderServiceReferral: OffenderServiceReferralResolvers = {
  notification: async (r, _, ctx) => (await ctx.loaders.notification.load(r.notificationId))!,
};

export const TierPolicy: TierPolicyResolvers = {
  summary: (p) => p.rules.summary,
};

export const JSONScalar = new GraphQLScalarType({
  name: 'JSON',
  description: 'Any JSON value (tier policy rules).',
  serialize: (v) => v,
  parseValue: (v) => v,
});

/** GraphQL Language values to the letters' language codes. */
export const Language = { EN: 'en', ES: 'es' } as const;
