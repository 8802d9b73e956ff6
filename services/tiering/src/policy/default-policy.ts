/** The default policy: High Point's D/C/B/A lists (docs/domain.md, "Default tier policy"). */
import { SERVICES, type TierPolicyRules } from './tier-policy';

export const DEFAULT_POLICY_VERSION = 'high-point-default-1';

export const DEFAULT_POLICY: TierPolicyRules = {
  summary:
    'High Point IPVI lists. Only validated intimate-partner incidents are tiered. D: no arrest or DV charge and no prior DV charge (letter, due 48 h after the call). ' +
    'C: first DV charge (face-to-face). B: second DV charge, or a prohibited act after notice (call-in, prosecution flag). ' +
    'A: violent history: three or more DV charges, a felony charge or a weapon (custom letter, fast-track prosecution). ' +
    'A DV charge is an arrest on the incident OR a charge flagged DV-related. A new charge or prohibited act after a delivered notice moves the offender up one tier; ' +
    'nobody is ever demoted automatically.',
  eligibility: { relationshipCodes: ['SE', 'CS', 'BG', 'XS', 'XR', 'HR'], acceptIntimatePartnerFlag: true },
  dvCharge: { arrestCounts: true, dvRelatedChargeCounts: true },
  prohibitedActs: { protectiveOrderViolation: true, offenseCodes: ['90Z'] },
  violentHistory: { minDvCharges: 3, felonyCharge: true, weapon: true },
  escalation: { afterNoticeOnly: true, noticeGivenOutcomes: ['DELIVERED'] },
  clearanceWaitHours: 24,
  tiers: {
    D: { notification: 'LETTER', dueHours: 48, dueFrom: 'INCIDENT', servicesOffered: ['BATTERER_INTERVENTION'], prosecution: null },
    C: {
      notification: 'FACE_TO_FACE',
      dueHours: 72,
      dueFrom: 'ASSIGNMENT',
      servicesOffered: ['BATTERER_INTERVENTION', 'SUBSTANCE_USE_TREATMENT', 'MENTAL_HEALTH_TREATMENT'],
      prosecution: null,
    },
    B: {
      notification: 'CALL_IN',
      dueHours: 168,
      dueFrom: 'ASSIGNMENT',
      servicesOffered: SERVICES,
      prosecution: { fastTrack: false, bondRecommendation: 'Elevated bond; no-contact condition' },
    },
    A: {
      notification: 'CUSTOM_LETTER',
      dueHours: 72,
      dueFrom: 'ASSIGNMENT',
      servicesOffered: SERVICES,
      prosecution: { fastTrack: true, bondRecommendation: 'High bond; consider federal firearms referral' },
    },
  },
};
