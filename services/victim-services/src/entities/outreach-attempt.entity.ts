import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { ContactChannel } from './client.entity';

export type OutreachOutcome =
  'NO_ANSWER' | 'LEFT_MESSAGE' | 'WRONG_CONTACT' | 'UNSAFE_TO_CONTACT' | 'REACHED_ACCEPTED_SERVICES' | 'REACHED_DECLINED_SERVICES' | 'REACHED_FOLLOW_UP';

/** One attempt to reach a referred victim. Table `outreach_attempt`. */
@Entity('outreach_attempt')
export class OutreachAttemptEntity {
  @PrimaryColumn({ type: 'uuid' }) id!: string;
  @Column({ type: 'uuid', name: 'referral_id' }) referralId!: string;
  @Column({ type: 'timestamptz', name: 'attempted_at' }) attemptedAt!: Date;
  @Column({ type: 'text' }) channel!: ContactChannel;
  @Column({ type: 'boolean' }) reached!: boolean;
  @Column({ type: 'text' }) outcome!: OutreachOutcome;
  @Column({ type: 'text', nullable: true }) notes!: string | null;
  @Column({ type: 'text', name: 'recorded_by' }) recordedBy!: string;
  @Column({ type: 'timestamptz', name: 'recorded_at' }) recordedAt!: Date;
}
