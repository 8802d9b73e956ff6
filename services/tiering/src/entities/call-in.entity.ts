import { Column, Entity, PrimaryColumn } from 'typeorm';

export type SpeakerRole = 'POLICE' | 'PROSECUTOR' | 'PROBATION' | 'COMMUNITY_MEMBER' | 'VICTIM_VOICE' | 'SERVICE_PROVIDER';
export type Attendance = 'INVITED' | 'ATTENDED' | 'MISSED';

/** A call-in session. Table `call_in_session`. */
@Entity('call_in_session')
export class CallInSessionEntity {
  @PrimaryColumn({ type: 'uuid' }) id!: string;
  @Column({ type: 'text', name: 'agency_ori' }) agencyOri!: string;
  @Column({ type: 'timestamptz', name: 'starts_at' }) startsAt!: Date;
  @Column({ type: 'text' }) place!: string;
  @Column({ type: 'timestamptz', name: 'scheduled_at' }) scheduledAt!: Date;
  @Column({ type: 'text', name: 'scheduled_by' }) scheduledBy!: string;
}

/** Who speaks at a session, in order. Table `call_in_speaker`. */
@Entity('call_in_speaker')
export class CallInSpeakerEntity {
  @PrimaryColumn({ type: 'uuid', name: 'session_id' }) sessionId!: string;
  @PrimaryColumn({ type: 'int' }) position!: number;
  @Column({ type: 'text' }) role!: SpeakerRole;
  @Column({ type: 'text' }) name!: string;
  @Column({ type: 'text', nullable: true }) organisation!: string | null;
}

/** An offender invited to a session, and whether they came. Table `call_in_invitation`. */
@Entity('call_in_invitation')
export class CallInInvitationEntity {
  @PrimaryColumn({ type: 'uuid' }) id!: string;
  @Column({ type: 'uuid', name: 'session_id' }) sessionId!: string;
  @Column({ type: 'uuid', name: 'offender_id' }) offenderId!: string;
  @Column({ type: 'uuid', name: 'notification_id' }) notificationId!: string;
  @Column({ type: 'text' }) attendance!: Attendance;
  @Column({ type: 'timestamptz', name: 'invited_at' }) invitedAt!: Date;
  @Column({ type: 'text', name: 'invited_by' }) invitedBy!: string;
  @Column({ type: 'timestamptz', name: 'recorded_at', nullable: true }) recordedAt!: Date | null;
  @Column({ type: 'text', name: 'recorded_by', nullable: true }) recordedBy!: string | null;
  @Column({ type: 'timestamptz', name: 'rescheduled_to', nullable: true }) rescheduledTo!: Date | null;
}
