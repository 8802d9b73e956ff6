import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A victim party as police recorded it at the scene. */
@Entity('incident_victim')
export class IncidentVictimEntity {
  @PrimaryColumn({ type: 'uuid' }) id!: string;
  @Column({ type: 'uuid', name: 'incident_id' }) incidentId!: string;
  @Column({ type: 'text' }) name!: string;
  @Column({ type: 'date', name: 'date_of_birth', nullable: true }) dateOfBirth!: string | null;
}
