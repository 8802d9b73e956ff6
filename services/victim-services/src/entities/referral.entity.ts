import { Column, Entity, PrimaryColumn } from 'typeorm';

/** Where a referral stands. */
export type ReferralState = 'NEW' | 'ATTEMPTING' | 'CONTACTED' | 'CLOSED';

/** A referral of a police incident's victim to an advocacy agency (created by the incident feed). Table `referral`. */
@Entity('referral')
export class ReferralEntity {
  @PrimaryColumn({ type: 'uuid' }) id!: string;
  @Column({ type: 'uuid', name: 'incident_id' }) incidentId!: string;
  @Column({ type: 'text', name: 'advocacy_agency' }) advocacyAgency!: string;
  @Column({ type: 'text' }) state!: ReferralState;
  @Column({ type: 'timestamptz', name: 'referred_at' }) referredAt!: Date;
  @Column({ type: 'timestamptz', name: 'first_contact_at', nullable: true }) firstContactAt!: Date | null;
  @Column({ type: 'text', name: 'police_agency', nullable: true }) policeAgency!: string | null;
  @Column({ type: 'timestamptz', name: 'incident_occurred_at', nullable: true }) incidentOccurredAt!: Date | null;
  @Column({ type: 'uuid', name: 'offender_ids', array: true, default: () => "'{}'" }) offenderIds!: string[];
}
