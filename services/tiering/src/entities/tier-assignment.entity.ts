import { Column, Entity, PrimaryColumn } from 'typeorm';

/** One tier assignment (append-only). */
@Entity('tier_assignment')
export class TierAssignmentEntity {
  @PrimaryColumn({ type: 'uuid' }) id!: string;
  @Column({ type: 'uuid', name: 'offender_id' }) offenderId!: string;
  @Column({ type: 'text', name: 'agency_ori' }) agencyOri!: string;
  @Column({ type: 'text' }) level!: string;
  @Column({ type: 'text' }) rule!: string;
  @Column({ type: 'text' }) explanation!: string;
  @Column({ type: 'timestamptz', name: 'assigned_at' }) assignedAt!: Date;
  @Column({ type: 'text', name: 'policy_version' }) policyVersion!: string;
}

export const entities = [TierAssignmentEntity];
