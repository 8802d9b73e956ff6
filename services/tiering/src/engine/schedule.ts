/** What a new tier requires, by the policy: the notification to schedule, its gate, the prosecution flags. Pure. */
import type { OfferedService, NotificationType, Tier, TierPolicyRules } from '../policy/tier-policy';
import type { TierDecision } from './assign';

export interface NotificationPlan {
  readonly type: NotificationType;
  readonly tierAtNotice: Tier;
  readonly dueAt: Date;
  /** The victim-first gate closes delivery until advocates clear it or this instant passes. */
  readonly gateDeadline: Date;
  readonly servicesOffered: readonly OfferedService[];
}

export interface ProsecutionPlan {
  readonly fastTrack: boolean;
  readonly bondRecommendation: string | null;
}

const HOUR = 3600_000;

export function notificationPlan(policy: TierPolicyRules, decision: TierDecision, now: Date): NotificationPlan {
  const r = policy.tiers[decision.level];
  const from = r.dueFrom === 'INCIDENT' && decision.triggerIncidentId ? decision.effectiveAt : now;
  return {
    type: r.notification,
    tierAtNotice: decision.level,
    dueAt: new Date(from.getTime() + r.dueHours * HOUR),
    gateDeadline: new Date(now.getTime() + policy.clearanceWaitHours * HOUR),
    servicesOffered: r.servicesOffered,
  };
}

export function prosecutionPlan(policy: TierPolicyRules, level: Tier): ProsecutionPlan | null {
  return policy.tiers[level].prosecution;
}
