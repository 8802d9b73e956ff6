/**
 * Re-evaluates one offender under the active policy and, when the policy now gives a higher tier,
 * appends the assignment and everything the tier requires: the notification (superseding pending
 * ones), and prosecution flags for B and A. Runs under the offender's lock in the caller's transaction.
 */
import type { EntityManager } from 'typeorm';
import { assignTier, type TierDecision } from '../engine/assign';
import { notificationPlan, prosecutionPlan } from '../engine/schedule';
import { CURRENT_TEMPLATE_VERSION } from '../letters/templates';
import { tierRank, type TierPolicyRules } from '../policy/tier-policy';
import type { AssignmentRow } from '../repositories/assignment.repository';
import { snapshotOf } from '../repositories/snapshot.repository';
import { recordTierChange } from '../repositories/tier-change.repository';

export const SYSTEM_SUBJECT = 'svc-tiering';

/** Appends an assignment and schedules what its tier requires (notice, superseding, prosecution flag). */
export async function commitAssignment(m: EntityManager, policy: TierPolicyRules, a: Omit<AssignmentRow, 'id'>, now: Date): Promise<AssignmentRow> {
  const decision: TierDecision = { level: a.level, rule: a.rule as TierDecision['rule'], explanation: a.explanation, incidentIds: a.incidentIds, triggerIncidentId: a.triggerIncidentId, effectiveAt: a.effectiveAt };
  return recordTierChange(m, {
    assignment: a,
    notice: { plan: notificationPlan(policy, decision, now), templateVersion: CURRENT_TEMPLATE_VERSION },
    prosecution: prosecutionPlan(policy, a.level),
    now,
  });
}

/** The new assignment, or null when the policy gives no higher tier. The caller holds the offender's lock. */
export async function reassessOffender(m: EntityManager, offenderId: string, now: Date): Promise<AssignmentRow | null> {
  const { policy, ledger, notices, overrides, current } = await snapshotOf(m, offenderId);
  const decision = assignTier({ policyVersion: policy.version, policy: policy.rules, ledger, notices, overrides, now });
  if (!decision || tierRank(decision.level) <= tierRank(current?.level)) return null;
  const trigger = ledger.find((i) => i.incidentId === decision.triggerIncidentId);
  return commitAssignment(
    m,
    policy.rules,
    {
      offenderId,
      agencyOri: trigger?.agencyOri ?? current?.agencyOri ?? ledger.at(-1)!.agencyOri,
      level: decision.level,
      previousLevel: current?.level ?? null,
      rule: decision.rule,
      explanation: decision.explanation,
      assignedAt: now,
      effectiveAt: decision.effectiveAt,
      policyVersion: policy.version,
      incidentIds: [...decision.incidentIds],
      triggerIncidentId: decision.triggerIncidentId,
      assignedBy: SYSTEM_SUBJECT,
      justification: null,
    },
    now,
  );
}
