import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * The advocate's own victim record. Linked to the police IncidentVictim id only here, inside
 * victim-services; the link is never exposed to police.
 */
@Entity('client')
export class ClientEntity {
  @PrimaryColumn({ type: 'uuid' }) id!: string;
  @Column({ type: 'text', name: 'advocacy_agency' }) advocacyAgency!: string;
  @Column({ type: 'uuid', name: 'referral_id', nullable: true }) referralId!: string | null;
  @Column({ type: 'uuid', name: 'incident_victim_id', nullable: true }) incidentVictimId!: string | null;
  @Column({ type: 'text', name: 'assigned_advocate', nullable: true }) assignedAdvocate!: string | null;
  @Column({ type: 'text' }) name!: string;
  @Column({ type: 'date', name: 'date_of_birth', nullable: true }) dateOfBirth!: string | null;
  @Column({ type: 'text', name: 'preferred_language', nullable: true }) preferredLanguage!: string | null;
  @Column({ type: 'boolean', name: 'safe_to_contact' }) safeToContact!: boolean;
  @Column({ type: 'jsonb', name: 'contact_methods' }) contactMethods!: unknown[];
  @Column({ type: 'text', nullable: true }) address!: string | null;
  @Column({ type: 'text', nullable: true }) shelter!: string | null;
  @Column({ type: 'jsonb' }) children!: unknown[];
  @Column({ type: 'timestamptz', name: 'created_at' }) createdAt!: Date;
  @Column({ type: 'timestamptz', name: 'updated_at' }) updatedAt!: Date;
}
