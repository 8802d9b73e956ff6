import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A LAP lethality screen taken at the scene of an incident (one per incident). */
@Entity('lethality_screen')
export class LethalityScreenEntity {
  @PrimaryColumn({ type: 'uuid' }) id!: string;
  @Column({ type: 'uuid', name: 'incident_id' }) incidentId!: string;
  @Column({ type: 'timestamptz', name: 'screened_at' }) screenedAt!: Date;
  @Column({ type: 'text', name: 'administered_by', nullable: true }) administeredBy!: string | null;
  @Column({ type: 'boolean', name: 'used_weapon', nullable: true }) usedWeapon!: boolean | null;
  @Column({ type: 'boolean', name: 'threatened_to_kill', nullable: true }) threatenedToKill!: boolean | null;
  @Column({ type: 'boolean', name: 'thinks_might_kill', nullable: true }) thinksMightKill!: boolean | null;
  @Column({ type: 'boolean', name: 'has_gun', nullable: true }) hasGun!: boolean | null;
  @Column({ type: 'boolean', nullable: true }) choked!: boolean | null;
  @Column({ type: 'boolean', name: 'jealous_or_controlling', nullable: true }) jealousOrControlling!: boolean | null;
  @Column({ type: 'boolean', nullable: true }) separated!: boolean | null;
  @Column({ type: 'boolean', nullable: true }) unemployed!: boolean | null;
  @Column({ type: 'boolean', nullable: true }) suicidal!: boolean | null;
  @Column({ type: 'boolean', name: 'child_not_partners', nullable: true }) childNotPartners!: boolean | null;
  @Column({ type: 'boolean', nullable: true }) stalks!: boolean | null;
  @Column({ type: 'boolean' }) declined!: boolean;
  @Column({ type: 'boolean', name: 'officer_belief' }) officerBelief!: boolean;
  @Column({ type: 'boolean', name: 'spoke_with_hotline', nullable: true }) spokeWithHotline!: boolean | null;
}
