import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A superseded version of a protective order, kept whole (the order's row holds the current one). */
@Entity('protective_order_version')
export class ProtectiveOrderVersionEntity {
  @PrimaryColumn({ type: 'uuid', name: 'order_id' }) orderId!: string;
  @PrimaryColumn({ type: 'integer' }) version!: number;
  @Column({ type: 'jsonb' }) record!: unknown;
  @Column({ type: 'timestamptz', name: 'recorded_at' }) recordedAt!: Date;
  @Column({ type: 'timestamptz', name: 'superseded_at' }) supersededAt!: Date;
}
