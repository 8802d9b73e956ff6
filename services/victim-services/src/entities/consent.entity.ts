import { Column, Entity, PrimaryColumn } from 'typeorm';

export const CONSENT_DATA_CLASSES = ['CONTACT_DETAILS', 'DANGER_ASSESSMENT', 'SERVICES_SUMMARY'] as const;
export type ConsentDataClass = (typeof CONSENT_DATA_CLASSES)[number];

/** A victim's informed, written, time-limited consent to release named data classes to one agency. Table `consent`. */
@Entity('consent')
export class ConsentEntity {
  @PrimaryColumn({ type: 'uuid' }) id!: string;
  @Column({ type: 'uuid', name: 'client_id' }) clientId!: string;
  /** Normalised agency id of the partnership. */
  @Column({ type: 'text', name: 'recipient_agency' }) recipientAgency!: string;
  @Column({ type: 'text' }) purpose!: string;
  @Column({ type: 'text', name: 'data_classes', array: true }) dataClasses!: ConsentDataClass[];
  @Column({ type: 'timestamptz', name: 'signed_at' }) signedAt!: Date;
  @Column({ type: 'timestamptz', name: 'expires_at' }) expiresAt!: Date;
  @Column({ type: 'timestamptz', name: 'revoked_at', nullable: true }) revokedAt!: Date | null;
  @Column({ type: 'text', name: 'revoked_by', nullable: true }) revokedBy!: string | null;
  @Column({ type: 'text', name: 'signer_name' }) signerName!: string;
  @Column({ type: 'text', name: 'guardian_name', nullable: true }) guardianName!: string | null;
  @Column({ type: 'text', name: 'document_ref' }) documentRef!: string;
  @Column({ type: 'text', name: 'recorded_by' }) recordedBy!: string;
  @Column({ type: 'timestamptz', name: 'recorded_at' }) recordedAt!: Date;
}
