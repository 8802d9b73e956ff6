import { Column, Entity, PrimaryColumn } from 'typeorm';
/** Danger bands of the weighted score. */
export type DangerBand = 'VARIABLE' | 'INCREASED' | 'SEVERE' | 'EXTREME';

/** Campbell's Danger Assessment, administered by a trained advocate. Table `danger_assessment`. */
@Entity('danger_assessment')
export class DangerAssessmentEntity {
  @PrimaryColumn({ type: 'uuid' }) id!: string;
  @Column({ type: 'uuid', name: 'client_id' }) clientId!: string;
  @Column({ type: 'boolean', array: true }) answers!: boolean[];
  @Column({ type: 'boolean', name: 'never_lived_together' }) neverLivedTogether!: boolean;
  @Column({ type: 'int' }) score!: number;
  @Column({ type: 'text' }) band!: DangerBand;
  @Column({ type: 'timestamptz', name: 'administered_at' }) administeredAt!: Date;
  @Column({ type: 'text', name: 'administered_by' }) administeredBy!: string;
}
