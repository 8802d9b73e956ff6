import { GraphQLScalarType } from 'graphql';
import type { AssignmentRow } from '../repositories/assignment.repository';
import type { FlagRow, ReferralRow } from '../repositories/followup.repository';
import type { PolicyRow } from '../repositories/policy.repository';
import { ref, type Ctx } from './context';

export const TierAssignment = {
  isOverride: (a: AssignmentRow) => a.rule === 'MANUAL_OVERRIDE',
  incidents: (a: AssignmentRow) => a.incidentIds.map((id) => ref('Incident', id)),
  offender: (a: AssignmentRow) => ref('Offender', a.offenderId),
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
