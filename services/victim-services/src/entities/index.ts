import { ClientEntity } from './client.entity';
import { DangerAssessmentEntity, OutreachAttemptEntity, SafetyPlanEntity, ServiceReferralEntity } from './care.entity';
import { AdvocateClearanceEntity, ClearanceEventEntity } from './clearance.entity';
import { ConsentEntity } from './consent.entity';
import { ReferralEntity, ReferredVictimEntity } from './referral.entity';

export const entities = [
  ReferralEntity, ReferredVictimEntity, ClientEntity, OutreachAttemptEntity, SafetyPlanEntity, ServiceReferralEntity,
  DangerAssessmentEntity, ConsentEntity, AdvocateClearanceEntity, ClearanceEventEntity,
];
