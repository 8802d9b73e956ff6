import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { TierPolicyRules } from '../policy/tier-policy';

/** A published tier policy version (append-only; the latest by `seq` is in force). Table `tier_policy`. */
@Entity('tier_policy')
export class TierPolicyEntity {
  @PrimaryColumn({ type: 'text' }) version!: string;
  @Column({ type: 'bigint', generated: 'increment', unique: true }) seq!: string;
  @Column({ type: 'jsonb' }) rules!: TierPolicyRules;
  @Column({ type: 'timestamptz', name: 'published_at' }) publishedAt!: Date;
  @Column({ type: 'text', name: 'published_by' }) publishedBy!: string;
}
