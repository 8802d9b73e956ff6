/**
 * Validates a published policy's JSON against the TierPolicyRules shape (zod, with core's shared
 * rules): every problem at once, each at its path under `input.rules`, never the submitted value.
 */
import { z } from 'zod';
import { closedList, intBetween, parseInput } from '@ipvi/core';
import { NOTIFICATION_TYPES, OUTCOMES, SERVICES, type TierPolicyRules, type TierResponse } from './tier-policy';

const nonEmpty = z.string().refine((s) => s.trim() !== '', 'must not be empty');

const tierResponse = z.object({
  notification: closedList('NotificationType', NOTIFICATION_TYPES),
  dueHours: intBetween(1, 24 * 365),
  dueFrom: closedList('DueFrom', ['INCIDENT', 'ASSIGNMENT']),
  servicesOffered: z.array(closedList('OfferedService', SERVICES)),
  // Absent is none; given, the bond recommendation must be there (text or null).
  prosecution: z
    .object({ fastTrack: z.boolean(), bondRecommendation: z.string().nullable() })
    .nullish()
    .transform((p) => p ?? null),
}) satisfies z.ZodType<TierResponse>;

const rulesSchema = z.object({
  summary: nonEmpty,
  eligibility: z.object({ relationshipCodes: z.array(z.string()), acceptIntimatePartnerFlag: z.boolean() }),
  dvCharge: z
    .object({ arrestCounts: z.boolean(), dvRelatedChargeCounts: z.boolean() })
    .refine((d) => d.arrestCounts || d.dvRelatedChargeCounts, 'must count arrests, DV-related charges, or both'),
  prohibitedActs: z.object({ protectiveOrderViolation: z.boolean(), offenseCodes: z.array(z.string()) }),
  violentHistory: z.object({ minDvCharges: intBetween(2, 100), felonyCharge: z.boolean(), weapon: z.boolean() }),
  escalation: z.object({ afterNoticeOnly: z.boolean(), noticeGivenOutcomes: z.array(closedList('DeliveryOutcome', OUTCOMES)) }),
  clearanceWaitHours: intBetween(0, 24 * 30),
  tiers: z.object({ D: tierResponse, C: tierResponse, B: tierResponse, A: tierResponse }),
}) satisfies z.ZodType<TierPolicyRules>;

/** The rules as TierPolicyRules, or an InputError naming every problem (paths under `path`). */
export function validateTierPolicy(raw: unknown, path = 'input.rules'): TierPolicyRules {
  return parseInput(rulesSchema, raw, path);
}
