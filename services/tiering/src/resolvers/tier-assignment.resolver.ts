import type { TierRow } from '../repositories/tier.repository';

export const TierAssignment = {
  assignedAt: (t: TierRow) => t.assigned_at,
  policyVersion: (t: TierRow) => t.policy_version,
};
