import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A person who caused harm, as police know them. `norm_*` are the match keys (see model/names.ts). */
@Entity('offender')
export class OffenderEntity {
  @PrimaryColumn({ type: 'uuid' }) id!: string;
  @Column({ type: 'text' }) name!: string;
  @Column({ type: 'date', name: 'date_of_birth', nullable: true }) dateOfBirth!: string | null;
  @Column({ type: 'text', array: true }) aliases!: string[];
  @Column({ type: 'text', name: 'state_id', nullable: true }) stateId!: string | null;
  @Column({ type: 'text', name: 'local_id', nullable: true }) localId!: string | null;
  /** The agency that owns (recorded) this record; NULL only for a record without incident or order. */
  @Column({ type: 'text', name: 'owner_agency', nullable: true }) ownerAgency!: string | null;
  @Column({ type: 'text', name: 'norm_name' }) normName!: string;
  @Column({ type: 'text', array: true, name: 'norm_aliases' }) normAliases!: string[];
  @Column({ type: 'timestamptz', name: 'created_at', default: () => 'now()' }) createdAt!: Date;
  @Column({ type: 'timestamptz', name: 'updated_at', default: () => 'now()' }) updatedAt!: Date;
}

/** An offender as the graph reads it: the person and their identifiers (no match keys, owner or timestamps). */
export type OffenderRow = Pick<OffenderEntity, 'id' | 'name' | 'dateOfBirth' | 'aliases' | 'stateId' | 'localId'>;
export const OFFENDER_ROW = ['id', 'name', 'dateOfBirth', 'aliases', 'stateId', 'localId'] as const satisfies readonly (keyof OffenderRow)[];
