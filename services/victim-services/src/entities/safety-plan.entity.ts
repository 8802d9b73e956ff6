import { Column, Entity, PrimaryColumn } from 'typeorm';

/** The content of one safety plan version (`safety_plan.plan`). */
export interface SafetyPlanContent {
  warningSigns: string[];
  safePlaces: string[];
  emergencyContacts: string[];
  itemsToTake: string[];
  childrenPlan: string | null;
  notes: string | null;
}

/** One version of a client's safety plan (append-only). Table `safety_plan`. */
@Entity('safety_plan')
export class SafetyPlanEntity {
  @PrimaryColumn({ type: 'uuid' }) id!: string;
  @Column({ type: 'uuid', name: 'client_id' }) clientId!: string;
  @Column({ type: 'int' }) version!: number;
  @Column({ type: 'jsonb' }) plan!: SafetyPlanContent;
  @Column({ type: 'text', name: 'created_by' }) createdBy!: string;
  @Column({ type: 'timestamptz', name: 'created_at' }) createdAt!: Date;
}
