import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { OrderType } from '../nibrs';

/** A protective order (N.C. G.S. 50B) restraining an offender, as the recording agency holds it. */
@Entity('protective_order')
export class ProtectiveOrderEntity {
  @PrimaryColumn({ type: 'uuid' }) id!: string;
  @Column({ type: 'text', name: 'agency_ori' }) agencyOri!: string;
  @Column({ type: 'text', name: 'order_number' }) orderNumber!: string;
  @Column({ type: 'text', name: 'order_type' }) orderType!: OrderType;
  @Column({ type: 'text', nullable: true }) court!: string | null;
  @Column({ type: 'date', name: 'issued_on' }) issuedOn!: string;
  @Column({ type: 'date', name: 'expires_on', nullable: true }) expiresOn!: string | null;
  @Column({ type: 'uuid', name: 'restrained_offender_id' }) restrainedOffenderId!: string;
  @Column({ type: 'text', name: 'protected_party_name' }) protectedPartyName!: string;
  @Column({ type: 'date', name: 'protected_party_dob', nullable: true }) protectedPartyDob!: string | null;
  @Column({ type: 'integer', default: 1 }) version!: number;
  @Column({ type: 'text', name: 'content_hash' }) contentHash!: string;
  @Column({ type: 'timestamptz', name: 'created_at', default: () => 'now()' }) createdAt!: Date;
  @Column({ type: 'timestamptz', name: 'updated_at', default: () => 'now()' }) updatedAt!: Date;
}

/** A protective order as the graph reads it (no content hash or timestamps). */
export type ProtectiveOrderRow = Omit<ProtectiveOrderEntity, 'contentHash' | 'createdAt' | 'updatedAt'>;
export const PROTECTIVE_ORDER_ROW_EXCLUDES = ['contentHash', 'createdAt', 'updatedAt'] as const satisfies readonly (keyof ProtectiveOrderEntity)[];
