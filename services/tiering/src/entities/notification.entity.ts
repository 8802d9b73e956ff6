import { Column, Entity, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';
import type { DeliveryOutcome, NotificationType, OfferedService, Tier } from '../policy/tier-policy';

export type NotificationStatus = 'PENDING' | 'DELIVERED' | 'SUPERSEDED';
export type NotificationEventKind = 'SCHEDULED' | 'DELIVERY_ATTEMPT' | 'RESCHEDULED' | 'GATE_CLEARED' | 'GATE_WAIVED' | 'SUPERSEDED';

/** A notification a tier requires, with its victim-first gate and its latest delivery. Table `notification`. */
@Entity('notification')
export class NotificationEntity {
  @PrimaryColumn({ type: 'uuid' }) id!: string;
  @Column({ type: 'uuid', name: 'offender_id' }) offenderId!: string;
  @Column({ type: 'uuid', name: 'assignment_id' }) assignmentId!: string;
  @Column({ type: 'text', name: 'agency_ori' }) agencyOri!: string;
  @Column({ type: 'text' }) type!: NotificationType;
  @Column({ type: 'text', name: 'tier_at_notice' }) tierAtNotice!: Tier;
  @Column({ type: 'timestamptz', name: 'due_at' }) dueAt!: Date;
  @Column({ type: 'text' }) status!: NotificationStatus;
  @Column({ type: 'text', name: 'template_version' }) templateVersion!: string;
  @Column({ type: 'text', name: 'services_offered', array: true }) servicesOffered!: OfferedService[];
  @Column({ type: 'timestamptz', name: 'gate_deadline' }) gateDeadline!: Date;
  @Column({ type: 'timestamptz', name: 'gate_cleared_at', nullable: true }) gateClearedAt!: Date | null;
  @Column({ type: 'text', name: 'gate_cleared_by_agency', nullable: true }) gateClearedByAgency!: string | null;
  @Column({ type: 'timestamptz', name: 'gate_waived_at', nullable: true }) gateWaivedAt!: Date | null;
  @Column({ type: 'text', name: 'gate_waived_by', nullable: true }) gateWaivedBy!: string | null;
  @Column({ type: 'text', name: 'gate_waiver_reason', nullable: true }) gateWaiverReason!: string | null;
  @Column({ type: 'timestamptz', name: 'delivered_at', nullable: true }) deliveredAt!: Date | null;
  @Column({ type: 'text', name: 'delivered_by', nullable: true }) deliveredBy!: string | null;
  @Column({ type: 'text', nullable: true }) outcome!: DeliveryOutcome | null;
  @Column({ type: 'timestamptz', name: 'created_at' }) createdAt!: Date;
}

/** One step of a notification's history (append-only). Table `notification_event`. */
@Entity('notification_event')
export class NotificationEventEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' }) seq!: string;
  @Column({ type: 'uuid', name: 'notification_id' }) notificationId!: string;
  @Column({ type: 'text' }) kind!: NotificationEventKind;
  @Column({ type: 'timestamptz' }) at!: Date;
  @Column({ type: 'text', name: 'by_subject' }) bySubject!: string;
  @Column({ type: 'text', nullable: true }) outcome!: DeliveryOutcome | null;
  @Column({ type: 'timestamptz', name: 'due_at', nullable: true }) dueAt!: Date | null;
  @Column({ type: 'text', nullable: true }) reason!: string | null;
}

/** A pending notification a coordinator must look at again (opened by the ledger's trigger). Table `notification_review`. */
@Entity('notification_review')
export class NotificationReviewEntity {
  @PrimaryColumn({ type: 'uuid' }) id!: string;
  @Column({ type: 'uuid', name: 'notification_id' }) notificationId!: string;
  @Column({ type: 'uuid', name: 'offender_id' }) offenderId!: string;
  @Column({ type: 'text', name: 'agency_ori' }) agencyOri!: string;
  @Column({ type: 'uuid', name: 'incident_id' }) incidentId!: string;
  @Column({ type: 'text' }) reason!: string;
  @Column({ type: 'timestamptz', name: 'opened_at' }) openedAt!: Date;
  @Column({ type: 'timestamptz', name: 'closed_at', nullable: true }) closedAt!: Date | null;
  @Column({ type: 'text', name: 'closed_by', nullable: true }) closedBy!: string | null;
  @Column({ type: 'text', nullable: true }) resolution!: string | null;
}
