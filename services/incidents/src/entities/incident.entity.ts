import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A police-recorded incident (one RMS record); `record` is its canonical current version. */
@Entity('incident')
export class IncidentEntity {
  @PrimaryColumn({ type: 'uuid' }) id!: string;
  @Column({ type: 'text', name: 'agency_ori' }) agencyOri!: string;
  @Column({ type: 'text', name: 'rms_number' }) rmsNumber!: string;
  @Column({ type: 'timestamptz', name: 'occurred_at' }) occurredAt!: Date;
  @Column({ type: 'timestamptz', name: 'reported_at', nullable: true }) reportedAt!: Date | null;
  @Column({ type: 'text', nullable: true }) location!: string | null;
  @Column({ type: 'text', array: true, name: 'offense_codes' }) offenseCodes!: string[];
  @Column({ type: 'text', array: true, name: 'attempted_offense_codes' }) attemptedOffenseCodes!: string[];
  @Column({ type: 'text', name: 'relationship_code', nullable: true }) relationshipCode!: string | null;
  @Column({ type: 'boolean', name: 'ip_validated', nullable: true }) ipValidated!: boolean | null;
  @Column({ type: 'boolean', name: 'is_intimate_partner' }) isIntimatePartner!: boolean;
  @Column({ type: 'boolean', name: 'arrest_made' }) arrestMade!: boolean;
  @Column({ type: 'text', name: 'weapon_code', nullable: true }) weaponCode!: string | null;
  @Column({ type: 'text', name: 'injury_code', nullable: true }) injuryCode!: string | null;
  @Column({ type: 'boolean', name: 'children_present', nullable: true }) childrenPresent!: boolean | null;
  @Column({ type: 'text', nullable: true }) narrative!: string | null;
  @Column({ type: 'text', name: 'reporting_officer', nullable: true }) reportingOfficer!: string | null;
  @Column({ type: 'uuid', name: 'violated_order_id', nullable: true }) violatedOrderId!: string | null;
  @Column({ type: 'boolean', name: 'po_violation' }) poViolation!: boolean;
  @Column({ type: 'boolean', name: 'weapon_involved' }) weaponInvolved!: boolean;
  @Column({ type: 'integer' }) version!: number;
  @Column({ type: 'jsonb', nullable: true }) record!: unknown;
  @Column({ type: 'text', name: 'content_hash', nullable: true }) contentHash!: string | null;
  @Column({ type: 'timestamptz', name: 'created_at', default: () => 'now()' }) createdAt!: Date;
  @Column({ type: 'timestamptz', name: 'updated_at', default: () => 'now()' }) updatedAt!: Date;
}

/** Which offenders took part in an incident. */
@Entity('incident_offender')
export class IncidentOffenderEntity {
  @PrimaryColumn({ type: 'uuid', name: 'incident_id' }) incidentId!: string;
  @PrimaryColumn({ type: 'uuid', name: 'offender_id' }) offenderId!: string;
}

/** A prior version of an incident: its whole canonical record, kept when it was amended. */
@Entity('incident_version')
export class IncidentVersionEntity {
  @PrimaryColumn({ type: 'uuid', name: 'incident_id' }) incidentId!: string;
  @PrimaryColumn({ type: 'integer' }) version!: number;
  @Column({ type: 'jsonb', nullable: true }) record!: unknown;
  @Column({ type: 'timestamptz', name: 'recorded_at' }) recordedAt!: Date;
  @Column({ type: 'timestamptz', name: 'superseded_at' }) supersededAt!: Date;
  @Column({ type: 'text', array: true, name: 'changed_fields' }) changedFields!: string[];
}

/** An incident as the graph reads it: every column but the stored record, its hash and the timestamps. */
export type IncidentRow = Omit<IncidentEntity, 'record' | 'contentHash' | 'createdAt' | 'updatedAt'>;
export const INCIDENT_ROW_EXCLUDES = ['record', 'contentHash', 'createdAt', 'updatedAt'] as const satisfies readonly (keyof IncidentEntity)[];

/** A prior version as the graph reads it. */
export type IncidentVersionRow = IncidentVersionEntity;
