import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A victim party of a referred incident, as police recorded it (law-enforcement-generated, may flow to advocates). Table `referred_victim`. */
@Entity('referred_victim')
export class ReferredVictimEntity {
  @PrimaryColumn({ type: 'uuid', name: 'referral_id' }) referralId!: string;
  @PrimaryColumn({ type: 'uuid', name: 'incident_victim_id' }) incidentVictimId!: string;
  @Column({ type: 'text', nullable: true }) name!: string | null;
  /** YYYY-MM-DD. */
  @Column({ type: 'date', name: 'date_of_birth', nullable: true }) dateOfBirth!: string | null;
  @Column({ type: 'text', nullable: true }) phone!: string | null;
}
