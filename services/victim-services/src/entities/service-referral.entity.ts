import { Column, Entity, PrimaryColumn } from 'typeorm';

export type ServiceKind = 'SHELTER' | 'LEGAL' | 'COUNSELLING' | 'HOUSING' | 'MEDICAL' | 'FINANCIAL' | 'OTHER';
export type ServiceReferralStatus = 'REQUESTED' | 'REFERRED' | 'IN_PROGRESS' | 'COMPLETED' | 'DECLINED' | 'UNAVAILABLE';

/** A referral of a client to a service (shelter, legal, counselling, housing). Table `service_referral`. */
@Entity('service_referral')
export class ServiceReferralEntity {
  @PrimaryColumn({ type: 'uuid' }) id!: string;
  @Column({ type: 'uuid', name: 'client_id' }) clientId!: string;
  @Column({ type: 'text' }) kind!: ServiceKind;
  @Column({ type: 'text', nullable: true }) provider!: string | null;
  @Column({ type: 'text' }) status!: ServiceReferralStatus;
  @Column({ type: 'text', nullable: true }) notes!: string | null;
  @Column({ type: 'text', name: 'created_by' }) createdBy!: string;
  @Column({ type: 'timestamptz', name: 'created_at' }) createdAt!: Date;
  @Column({ type: 'timestamptz', name: 'updated_at' }) updatedAt!: Date;
}
