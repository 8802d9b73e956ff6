import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { Tier } from '../policy/tier-policy';

/**
 * One tier assignment (append-only; a trigger refuses UPDATE and DELETE). Table `tier_assignment`.
 * Written by set-based SQL (tier-change.repository: assignment, notice and flags in one statement).
 */
@Entity('tier_assignment')
export class TierAssignmentEntity {
  @PrimaryColumn({ type: 'uuid' }) id!: string;
  /** Insertion order (bigserial): the latest assignment of a person is its current tier. */
  @Column({ type: 'bigint', generated: 'increment', unique: true }) seq!: string;
  @Column({ type: 'uuid', name: 'offender_id' }) offenderId!: string;
  @Column({ type: 'text', name: 'agency_ori' }) agencyOri!: string;
  @Column({ type: 'text' }) level!: Tier;
  @Column({ type: 'text', name: 'previous_level', nullable: true }) previousLevel!: Tier | null;
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
