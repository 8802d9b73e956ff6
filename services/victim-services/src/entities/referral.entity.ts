import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A referral of a police incident's victim to an advocacy agency. */
@Entity('referral')
export class ReferralEntity {
  @PrimaryColumn({ type: 'uuid' }) id!: string;
  @Column({ type: 'uuid', name: 'incident_id' }) incidentId!: string;
  @Column({ type: 'text', name: 'advocacy_agency' }) advocacyAgency!: string;
  @Column({ type: 'text' }) state!: string;
  @Column({ type: 'timestamptz', name: 'referred_at' }) referredAt!: Date;
  @Column({ type: 'timestamptz', name: 'first_contact_at', nullable: true }) firstContactAt!: Date | null;
}

export const entities = [ReferralEntity];
