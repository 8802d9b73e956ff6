import { ClientEntity } from './client.entity';
import { DangerAssessmentEntity, OutreachAttemptEntity, SafetyPlanEntity, ServiceReferralEntity } from './care.entity';
import { ConsentEntity, NotificationClearanceEntity } from './consent.entity';
import { ReferralEntity, ReferredVictimEntity } from './referral.entity';

export const entities = [
  ReferralEntity, ReferredVictimEntity, ClientEntity, OutreachAttemptEntity, SafetyPlanEntity, ServiceReferralEntity,
  DangerAssessmentEntity, ConsentEntity, NotificationClearanceEntity,
];
