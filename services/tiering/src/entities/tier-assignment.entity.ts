import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * One tier assignment (append-only; a trigger refuses UPDATE and DELETE). Repositories use SQL; this
 * entity documents the table for TypeORM. Migrations, not synchronize, create it.
 */
@Entity('tier_assignment')
export class TierAssignmentEntity {
  @PrimaryColumn({ type: 'uuid' }) id!: string;
  @Column({ type: 'uuid', name: 'offender_id' }) offenderId!: string;
  @Column({ type: 'text', name: 'agency_ori' }) agencyOri!: string;
  @Column({ type: 'text' }) level!: string;
  @Column({ type: 'text', name: 'previous_level', nullable: true }) previousLevel!: string | null;
  @Column({ type: 'text' }) rule!: string;
  @Column({ type: 'text' }) explanation!: string;
  @Column({ type: 'timestamptz', name: 'assigned_at' }) assignedAt!: Date;
  @Column({ type: 'timestamptz', name: 'effective_at', nullable: true }) effectiveAt!: Date | null;
  @Column({ type: 'text', name: 'policy_version' }) policyVersion!: string;
  @Column({ type: 'uuid', name: 'incident_ids', array: true }) incidentIds!: string[];
  @Column({ type: 'uuid', name: 'trigger_incident_id', nullable: true }) triggerIncidentId!: string | null;
  @Column({ type: 'text', name: 'assigned_by' }) assignedBy!: string;
  @Column({ type: 'text', nullable: true }) justification!: string | null;
  @Column({ type: 'text', name: 'explanation_template', nullable: true }) explanationTemplate!: string | null;
  @Column({ type: 'jsonb', name: 'explanation_refs', nullable: true }) explanationRefs!: unknown;
}

export const entities = [TierAssignmentEntity];
