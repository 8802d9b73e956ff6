import { Column, Entity, PrimaryColumn } from 'typeorm';

/** An incident the police agency's advocacy partner was referred (an intimate-partner incident with a victim): advocates' tier scope follows these. Table `referred_incident`. */
@Entity('referred_incident')
export class ReferredIncidentEntity {
  @PrimaryColumn({ type: 'uuid', name: 'incident_id' }) incidentId!: string;
  @Column({ type: 'text', name: 'police_agency' }) policeAgency!: string;
  @Column({ type: 'timestamptz', name: 'referred_at' }) referredAt!: Date;
}
