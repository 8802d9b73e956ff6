import { Column, Entity, PrimaryColumn } from 'typeorm';

/** One incident of an offender record as the incident feed reported it (the engine's ledger). Table `offender_incident`. */
@Entity('offender_incident')
export class OffenderIncidentEntity {
  @PrimaryColumn({ type: 'uuid', name: 'offender_id' }) offenderId!: string;
  @PrimaryColumn({ type: 'uuid', name: 'incident_id' }) incidentId!: string;
  @Column({ type: 'text', name: 'agency_ori' }) agencyOri!: string;
  @Column({ type: 'text', name: 'rms_number' }) rmsNumber!: string;
  @Column({ type: 'timestamptz', name: 'occurred_at' }) occurredAt!: Date;
  @Column({ type: 'boolean', name: 'is_intimate_partner' }) isIntimatePartner!: boolean;
  @Column({ type: 'text', name: 'relationship_code', nullable: true }) relationshipCode!: string | null;
  @Column({ type: 'boolean', name: 'arrest_made' }) arrestMade!: boolean;
  @Column({ type: 'text', name: 'offense_codes', array: true }) offenseCodes!: string[];
  @Column({ type: 'boolean', name: 'protective_order_violation' }) protectiveOrderViolation!: boolean;
  @Column({ type: 'boolean', name: 'weapon_involved' }) weaponInvolved!: boolean;
  @Column({ type: 'jsonb' }) charges!: unknown;
  @Column({ type: 'uuid', name: 'event_id' }) eventId!: string;
  @Column({ type: 'timestamptz', name: 'updated_at' }) updatedAt!: Date;
}

/** An offender record's letter language. Table `offender_profile`. */
@Entity('offender_profile')
export class OffenderProfileEntity {
  @PrimaryColumn({ type: 'uuid', name: 'offender_id' }) offenderId!: string;
  @Column({ type: 'text', name: 'preferred_language' }) preferredLanguage!: 'en' | 'es';
  @Column({ type: 'timestamptz', name: 'updated_at' }) updatedAt!: Date;
  @Column({ type: 'text', name: 'updated_by' }) updatedBy!: string;
}

/** The first delivered notification of an offender (the outcome measure's start). Table `offender_outcome`. */
@Entity('offender_outcome')
export class OffenderOutcomeEntity {
  @PrimaryColumn({ type: 'uuid', name: 'offender_id' }) offenderId!: string;
  @Column({ type: 'uuid', name: 'first_notification_id' }) firstNotificationId!: string;
  @Column({ type: 'timestamptz', name: 'first_notified_at' }) firstNotifiedAt!: Date;
  @Column({ type: 'text', name: 'tier_at_first_notice' }) tierAtFirstNotice!: string;
}
