import { Column, Entity, PrimaryColumn } from 'typeorm';

/** One attempt to reach a referred victim. */
@Entity('outreach_attempt')
export class OutreachAttemptEntity {
  @PrimaryColumn({ type: 'uuid' }) id!: string;
  @Column({ type: 'uuid', name: 'referral_id' }) referralId!: string;
  @Column({ type: 'timestamptz', name: 'attempted_at' }) attemptedAt!: Date;
  @Column({ type: 'text' }) channel!: string;
  @Column({ type: 'boolean' }) reached!: boolean;
  @Column({ type: 'text' }) outcome!: string;
  @Column({ type: 'text', nullable: true }) notes!: string | null;
  @Column({ type: 'text', name: 'recorded_by' }) recordedBy!: string;
  @Column({ type: 'timestamptz', name: 'recorded_at' }) recordedAt!: Date;
}

/** One version of a client's safety plan (append-only). */
@Entity('safety_plan')
export class SafetyPlanEntity {
  @PrimaryColumn({ type: 'uuid' }) id!: string;
  @Column({ type: 'uuid', name: 'client_id' }) clientId!: string;
  @Column({ type: 'int' }) version!: number;
  @Column({ type: 'jsonb' }) plan!: Record<string, unknown>;
  @Column({ type: 'text', name: 'created_by' }) createdBy!: string;
  @Column({ type: 'timestamptz', name: 'created_at' }) createdAt!: Date;
}

/** A referral of a client to a service (shelter, legal, counselling, housing). */
@Entity('service_referral')
export class ServiceReferralEntity {
  @PrimaryColumn({ type: 'uuid' }) id!: string;
  @Column({ type: 'uuid', name: 'client_id' }) clientId!: string;
  @Column({ type: 'text' }) kind!: string;
  @Column({ type: 'text', nullable: true }) provider!: string | null;
  @Column({ type: 'text' }) status!: string;
  @Column({ type: 'text', nullable: true }) notes!: string | null;
  @Column({ type: 'text', name: 'created_by' }) createdBy!: string;
  @Column({ type: 'timestamptz', name: 'created_at' }) createdAt!: Date;
  @Column({ type: 'timestamptz', name: 'updated_at' }) updatedAt!: Date;
}

/** Campbell's Danger Assessment, administered by a trained advocate. */
@Entity('danger_assessment')
export class DangerAssessmentEntity {
  @PrimaryColumn({ type: 'uuid' }) id!: string;
  @Column({ type: 'uuid', name: 'client_id' }) clientId!: string;
  @Column({ type: 'boolean', array: true }) answers!: boolean[];
  @Column({ type: 'boolean', name: 'never_lived_together' }) neverLivedTogether!: boolean;
  @Column({ type: 'int' }) score!: number;
  @Column({ type: 'text' }) band!: string;
  @Column({ type: 'timestamptz', name: 'administered_at' }) administeredAt!: Date;
  @Column({ type: 'text', name: 'administered_by' }) administeredBy!: string;
}
