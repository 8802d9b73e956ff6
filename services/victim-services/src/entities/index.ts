/** One entity per table of the victim-services database (the audit and feed-cursor tables are core's). */
import { AdvocateClearanceEntity, ClearanceEventEntity } from './clearance.entity';
import { ClientEntity } from './client.entity';
import { ConsentEntity } from './consent.entity';
import { DangerAssessmentEntity } from './danger-assessment.entity';
import { OutreachAttemptEntity } from './outreach-attempt.entity';
import { ReferralEntity } from './referral.entity';
import { ReferredVictimEntity } from './referred-victim.entity';
import { SafetyPlanEntity } from './safety-plan.entity';
import { ServiceReferralEntity } from './service-referral.entity';

export const entities = [
  ReferralEntity,
  ReferredVictimEntity,
  ClientEntity,
  OutreachAttemptEntity,
  SafetyPlanEntity,
  ServiceReferralEntity,
  DangerAssessmentEntity,
  ConsentEntity,
  AdvocateClearanceEntity,
  ClearanceEventEntity,
];

export * from './clearance.entity';
export * from './client.entity';
export * from './consent.entity';
export * from './danger-assessment.entity';
export * from './outreach-attempt.entity';
export * from './referral.entity';
export * from './referred-victim.entity';
export * from './safety-plan.entity';
export * from './service-referral.entity';
