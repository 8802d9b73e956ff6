import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { OfferedService, Tier } from '../policy/tier-policy';

export const REFERRAL_STATUSES = ['OFFERED', 'ACCEPTED', 'ENROLLED', 'COMPLETED', 'DECLINED'] as const;
export type ReferralStatus = (typeof REFERRAL_STATUSES)[number];

/** A prosecution flag raised with tier B or A. Table `prosecution_flag`. */
@Entity('prosecution_flag')
export class ProsecutionFlagEntity {
  @PrimaryColumn({ type: 'uuid' }) id!: string;
  @Column({ type: 'uuid', name: 'offender_id' }) offenderId!: string;
  @Column({ type: 'uuid', name: 'assignment_id', unique: true }) assignmentId!: string;
  @Column({ type: 'text' }) tier!: Tier;
  @Column({ type: 'boolean', name: 'fast_track' }) fastTrack!: boolean;
  @Column({ type: 'text', name: 'bond_recommendation', nullable: true }) bondRecommendation!: string | null;
  @Column({ type: 'timestamptz', name: 'raised_at' }) raisedAt!: Date;
}

/** A referral from the offer of help made with a delivered notification. Table `offender_service_referral`. */
@Entity('offender_service_referral')
export class OffenderServiceReferralEntity {
  @PrimaryColumn({ type: 'uuid' }) id!: string;
  @Column({ type: 'uuid', name: 'offender_id' }) offenderId!: string;
  @Column({ type: 'uuid', name: 'notification_id' }) notificationId!: string;
  @Column({ type: 'text' }) service!: OfferedService;
  @Column({ type: 'text' }) status!: ReferralStatus;
  @Column({ type: 'timestamptz', name: 'offered_at' }) offeredAt!: Date;
  @Column({ type: 'timestamptz', name: 'accepted_at', nullable: true }) acceptedAt!: Date | null;
  @Column({ type: 'timestamptz', name: 'enrolled_at', nullable: true }) enrolledAt!: Date | null;
  @Column({ type: 'timestamptz', name: 'completed_at', nullable: true }) completedAt!: Date | null;
  @Column({ type: 'timestamptz', name: 'declined_at', nullable: true }) declinedAt!: Date | null;
  @Column({ type: 'text', name: 'updated_by' }) updatedBy!: string;
  /** The provider it was sent to (null until a coordinator sends it). */
  @Column({ type: 'text', name: 'provider_agency', nullable: true }) providerAgency!: string | null;
  /** When it was sent to the provider. */
  @Column({ type: 'timestamptz', name: 'sent_at', nullable: true }) sentToProviderAt!: Date | null;
  /** Who sent it. */
  @Column({ type: 'text', name: 'sent_by', nullable: true }) sentBy!: string | null;
  /** The offender's name as incidents gave it when the referral was sent (what the provider reads). */
  @Column({ type: 'text', name: 'offender_name', nullable: true }) offenderName!: string | null;
}
