/**
 * A site's tier policy as data: published as an immutable version, read by the engine. The shape
 * below is the whole contract of the JSON stored in `tier_policy.rules`; `validateTierPolicy`
 * refuses anything else, naming the offending path.
 */
export const TIERS = ['D', 'C', 'B', 'A'] as const;
export type Tier = (typeof TIERS)[number];

export const NOTIFICATION_TYPES = ['LETTER', 'FACE_TO_FACE', 'CALL_IN', 'CUSTOM_LETTER'] as const;
export type NotificationType = (typeof NOTIFICATION_TYPES)[number];

export const OUTCOMES = ['DELIVERED', 'REFUSED', 'NOT_LOCATED', 'IN_CUSTODY'] as const;
export type DeliveryOutcome = (typeof OUTCOMES)[number];

export const SERVICES = ['BATTERER_INTERVENTION', 'SUBSTANCE_USE_TREATMENT', 'MENTAL_HEALTH_TREATMENT', 'EMPLOYMENT', 'HOUSING'] as const;
export type OfferedService = (typeof SERVICES)[number];

export interface TierResponse {
  /** The notification the tier requires. */
  readonly notification: NotificationType;
  /** Hours until the notification is due. */
  readonly dueHours: number;
  /** Counted from the triggering incident (the D letter: 48 h after the call) or from the assignment. */
  readonly dueFrom: 'INCIDENT' | 'ASSIGNMENT';
  /** The offer of help the notification carries. */
  readonly servicesOffered: readonly OfferedService[];
  /** Prosecution flags raised with the tier (B and A). */
  readonly prosecution: { readonly fastTrack: boolean; readonly bondRecommendation: string | null } | null;
}

export interface TierPolicyRules {
  /** Plain-language statement of the policy, for judges and partners. */
  readonly summary: string;
  /** Which incidents are tiered at all: a validated intimate-partner relationship. */
  readonly eligibility: { readonly relationshipCodes: readonly string[]; readonly acceptIntimatePartnerFlag: boolean };
  /** What counts as a DV charge: an arrest on an eligible incident, and/or a charge flagged DV-related. */
  readonly dvCharge: { readonly arrestCounts: boolean; readonly dvRelatedChargeCounts: boolean };
  /** Prohibited acts: a protective-order violation, or one of these NIBRS offense codes. */
  readonly prohibitedActs: { readonly protectiveOrderViolation: boolean; readonly offenseCodes: readonly string[] };
  /** Violent history (tier A directly). */
  readonly violentHistory: { readonly minDvCharges: number; readonly felonyCharge: boolean; readonly weapon: boolean };
  /** A new charge or prohibited act after a delivered notice moves the offender up one tier. */
  readonly escalation: { readonly afterNoticeOnly: boolean; readonly noticeGivenOutcomes: readonly DeliveryOutcome[] };
  /** Victim-first gate: hours the advocates have before a notification may be delivered without their clearance. */
  readonly clearanceWaitHours: number;
  readonly tiers: Readonly<Record<Tier, TierResponse>>;
}

export function tierRank(t: Tier | null | undefined): number {
  return t ? TIERS.indexOf(t) : -1;
}

export function tierAbove(t: Tier): Tier {
  return TIERS[Math.min(TIERS.length - 1, TIERS.indexOf(t) + 1)]!;
}
