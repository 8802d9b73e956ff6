import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A victim party as police recorded it at the scene (ordinal: position in the record; ids survive amendments). */
@Entity('incident_victim')
export class IncidentVictimEntity {
  @PrimaryColumn({ type: 'uuid' }) id!: string;
  @Column({ type: 'uuid', name: 'incident_id' }) incidentId!: string;
  @Column({ type: 'smallint' }) ordinal!: number;
  @Column({ type: 'text' }) name!: string;
  @Column({ type: 'date', name: 'date_of_birth', nullable: true }) dateOfBirth!: string | null;
  @Column({ type: 'text', nullable: true }) phone!: string | null;
  @Column({ type: 'text', nullable: true }) address!: string | null;
  @Column({ type: 'text', name: 'injury_code', nullable: true }) injuryCode!: string | null;
}
