import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A referral of a police incident's victim to an advocacy agency (created by the incident feed). */
@Entity('referral')
export class ReferralEntity {
  @PrimaryColumn({ type: 'uuid' }) id!: string;
  @Column({ type: 'uuid', name: 'incident_id' }) incidentId!: string;
  @Column({ type: 'text', name: 'advocacy_agency' }) advocacyAgency!: string;
  @Column({ type: 'text' }) state!: string;
  @Column({ type: 'timestamptz', name: 'referred_at' }) referredAt!: Date;
  @Column({ type: 'timestamptz', name: 'first_contact_at', nullable: true }) firstContactAt!: Date | null;
  @Column({ type: 'text', name: 'police_agency', nullable: true }) policeAgency!: string | null;
  @Column({ type: 'timestamptz', name: 'incident_occurred_at', nullable: true }) incidentOccurredAt!: Date | null;
  @Column({ type: 'uuid', name: 'offender_ids', array: true }) offenderIds!: string[];
}

/** A victim party of a referred incident, as police recorded it (law-enforcement-generated, may flow to advocates). */
@Entity('referred_victim')
export class ReferredVictimEntity {
  @PrimaryColumn({ type: 'uuid', name: 'referral_id' }) referralId!: string;
  @PrimaryColumn({ type: 'uuid', name: 'incident_victim_id' }) incidentVictimId!: string;
  @Column({ type: 'text', nullable: true }) name!: string | null;
  @Column({ type: 'date', name: 'date_of_birth', nullable: true }) dateOfBirth!: string | null;
  @Column({ type: 'text', nullable: true }) phone!: string | null;
}
