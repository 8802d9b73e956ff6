import { Column, Entity, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';

/**
 * An advocacy agency's record that it cleared an offender notification (victim first): who, when,
 * why, for which referral. VAWA-confidential; the notification and its gate are tiering's. Table `advocate_clearance`.
 */
@Entity('advocate_clearance')
export class AdvocateClearanceEntity {
  @PrimaryColumn({ type: 'uuid', name: 'notification_id' }) notificationId!: string;
  @PrimaryColumn({ type: 'text', name: 'advocacy_agency' }) advocacyAgency!: string;
  @Column({ type: 'timestamptz', name: 'cleared_at' }) clearedAt!: Date;
  @Column({ type: 'text', name: 'cleared_by' }) clearedBy!: string;
  @Column({ type: 'uuid', name: 'referral_id', nullable: true }) referralId!: string | null;
  @Column({ type: 'text', nullable: true }) note!: string | null;
}

/** The clearance outbox: what tiering may learn (notification, time, agency), in commit order. Table `clearance_event`. */
@Entity('clearance_event')
export class ClearanceEventEntity {
  /** bigserial, as a string (it may exceed 2^53). */
  @PrimaryGeneratedColumn({ type: 'bigint' }) seq!: string;
  @Column({ type: 'uuid', unique: true }) id!: string;
  @Column({ type: 'text' }) type!: 'NOTIFICATION_CLEARED';
  @Column({ type: 'uuid', name: 'notification_id' }) notificationId!: string;
  @Column({ type: 'text', name: 'advocacy_agency' }) advocacyAgency!: string;
  @Column({ type: 'timestamptz', name: 'cleared_at' }) clearedAt!: Date;
  @Column({ type: 'timestamptz', name: 'recorded_at', default: () => 'now()' }) recordedAt!: Date;
}
