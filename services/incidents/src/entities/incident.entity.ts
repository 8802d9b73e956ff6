import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A police-recorded incident (one RMS record). */
@Entity('incident')
export class IncidentEntity {
  @PrimaryColumn({ type: 'uuid' }) id!: string;
  @Column({ type: 'text', name: 'agency_ori' }) agencyOri!: string;
  @Column({ type: 'text', name: 'rms_number' }) rmsNumber!: string;
  @Column({ type: 'timestamptz', name: 'occurred_at' }) occurredAt!: Date;
  @Column({ type: 'text', array: true, name: 'offense_codes' }) offenseCodes!: string[];
  @Column({ type: 'text', name: 'relationship_code', nullable: true }) relationshipCode!: string | null;
  @Column({ type: 'boolean', name: 'is_intimate_partner' }) isIntimatePartner!: boolean;
  @Column({ type: 'boolean', name: 'arrest_made' }) arrestMade!: boolean;
  @Column({ type: 'text', nullable: true }) narrative!: string | null;
  @Column({ type: 'timestamptz', name: 'created_at', default: () => 'now()' }) createdAt!: Date;
}

/** Which offenders took part in an incident. */
@Entity('incident_offender')
export class IncidentOffenderEntity {
  @PrimaryColumn({ type: 'uuid', name: 'incident_id' }) incidentId!: string;
  @PrimaryColumn({ type: 'uuid', name: 'offender_id' }) offenderId!: string;
}
