import { Column, Entity, PrimaryColumn } from 'typeorm';

/** Languages a client may prefer (the GraphQL enum SpokenLanguage; stored as its names). */
export const LANGUAGES = ['EN', 'ES', 'FR', 'AR', 'ZH', 'VI', 'KO', 'HMN', 'RU', 'PT', 'HT', 'HI', 'TL', 'SW', 'ASE', 'OTHER'] as const;
export type Language = (typeof LANGUAGES)[number];

export type ContactChannel = 'PHONE' | 'SMS' | 'EMAIL' | 'MAIL' | 'IN_PERSON' | 'OTHER';

/** A contact method the client says is safe (an element of `client.contact_methods`). */
export interface ContactMethod {
  channel: ContactChannel;
  value: string;
  safeToLeaveMessage: boolean;
  instructions: string | null;
}

/** A child of the client (an element of `client.children`). */
export interface ClientChild {
  name: string | null;
  dateOfBirth: string | null;
}

/**
 * The advocate's own victim record. Linked to the police IncidentVictim id only here, inside
 * victim-services; the link is never exposed to police. Table `client`.
 */
@Entity('client')
export class ClientEntity {
  @PrimaryColumn({ type: 'uuid' }) id!: string;
  @Column({ type: 'text', name: 'advocacy_agency' }) advocacyAgency!: string;
  @Column({ type: 'uuid', name: 'referral_id', nullable: true }) referralId!: string | null;
  @Column({ type: 'uuid', name: 'incident_victim_id', nullable: true }) incidentVictimId!: string | null;
  @Column({ type: 'text', name: 'assigned_advocate', nullable: true }) assignedAdvocate!: string | null;
  @Column({ type: 'text' }) name!: string;
  /** YYYY-MM-DD. */
  @Column({ type: 'date', name: 'date_of_birth', nullable: true }) dateOfBirth!: string | null;
  @Column({ type: 'text', name: 'preferred_language', nullable: true }) preferredLanguage!: Language | null;
  @Column({ type: 'boolean', name: 'safe_to_contact', default: false }) safeToContact!: boolean;
  @Column({ type: 'jsonb', name: 'contact_methods', default: () => "'[]'" }) contactMethods!: ContactMethod[];
  @Column({ type: 'text', nullable: true }) address!: string | null;
  @Column({ type: 'text', nullable: true }) shelter!: string | null;
  @Column({ type: 'jsonb', default: () => "'[]'" }) children!: ClientChild[];
  @Column({ type: 'timestamptz', name: 'created_at' }) createdAt!: Date;
  @Column({ type: 'timestamptz', name: 'updated_at' }) updatedAt!: Date;
}
