import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { Disposition } from '../nibrs';

/** A charge filed on an incident (criminal-justice information). */
@Entity('incident_charge')
export class IncidentChargeEntity {
  @PrimaryColumn({ type: 'uuid' }) id!: string;
  @Column({ type: 'uuid', name: 'incident_id' }) incidentId!: string;
  @Column({ type: 'smallint' }) ordinal!: number;
  @Column({ type: 'text' }) statute!: string;
  @Column({ type: 'text' }) description!: string;
  @Column({ type: 'boolean', name: 'dv_related' }) dvRelated!: boolean;
  @Column({ type: 'boolean' }) felony!: boolean;
  @Column({ type: 'date', name: 'charged_on', nullable: true }) chargedOn!: string | null;
  @Column({ type: 'text' }) disposition!: Disposition;
  @Column({ type: 'date', name: 'disposition_date', nullable: true }) dispositionDate!: string | null;
}
