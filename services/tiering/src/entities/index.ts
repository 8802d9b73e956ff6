/** One entity per table of the tiering database (the audit and feed-cursor tables are core's). */
import { CallInInvitationEntity, CallInSessionEntity, CallInSpeakerEntity } from './call-in.entity';
import { OffenderServiceReferralEntity, ProsecutionFlagEntity } from './followup.entity';
import { OffenderIncidentEntity, OffenderOutcomeEntity, OffenderProfileEntity } from './ledger.entity';
import { NotificationEntity, NotificationEventEntity, NotificationReviewEntity } from './notification.entity';
import { OffenderPersonEntity, PersonLinkEntity } from './person.entity';
import { ReferredIncidentEntity } from './referred-incident.entity';
import { LetterTemplateEntity, SiteProfileEntity } from './site.entity';
import { TierAssignmentEntity } from './tier-assignment.entity';
import { TierPolicyEntity } from './tier-policy.entity';

export const entities = [
  TierPolicyEntity,
  TierAssignmentEntity,
  OffenderIncidentEntity,
  OffenderProfileEntity,
  OffenderOutcomeEntity,
  NotificationEntity,
  NotificationEventEntity,
  NotificationReviewEntity,
  ProsecutionFlagEntity,
  OffenderServiceReferralEntity,
  PersonLinkEntity,
  OffenderPersonEntity,
  CallInSessionEntity,
  CallInSpeakerEntity,
  CallInInvitationEntity,
  SiteProfileEntity,
  LetterTemplateEntity,
  ReferredIncidentEntity,
];

export * from './call-in.entity';
export * from './followup.entity';
export * from './ledger.entity';
export * from './notification.entity';
export * from './person.entity';
export * from './referred-incident.entity';
export * from './site.entity';
export * from './tier-assignment.entity';
export * from './tier-policy.entity';
