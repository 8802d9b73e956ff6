import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { Language } from '../letters/templates';
import type { OfferedService } from '../policy/tier-policy';

export type TemplateState = 'DRAFT' | 'APPROVED';

/** A letter's signatory (an element of `site_profile.signatories`). */
export interface SignatoryValue {
  name: string;
  title: string;
  organisation: string;
}

/** A service of the site's directory (an element of `site_profile.services`). */
export interface DirectoryEntry {
  service: OfferedService;
  name: string;
  phone: string;
  address: string;
  hours: string;
  languages: Language[];
  /** The offender-services provider (a PROVIDER_AGENCIES id) its referrals are sent to; absent: not sent through the hub. */
  providerAgency?: string | null;
}

/** One published version of a site's profile (immutable). Table `site_profile`. */
@Entity('site_profile')
export class SiteProfileEntity {
  @PrimaryColumn({ type: 'text', name: 'agency_ori' }) agencyOri!: string;
  @PrimaryColumn({ type: 'int' }) version!: number;
  @Column({ type: 'text', name: 'partnership_name' }) partnershipName!: string;
  @Column({ type: 'text' }) letterhead!: string;
  @Column({ type: 'jsonb' }) signatories!: SignatoryValue[];
  @Column({ type: 'jsonb' }) services!: DirectoryEntry[];
  /** YYYY-MM-DD. */
  @Column({ type: 'date', name: 'go_live_on' }) goLiveOn!: string;
  @Column({ type: 'int', name: 'missed_call_in_reschedule_days' }) missedCallInRescheduleDays!: number;
  @Column({ type: 'timestamptz', name: 'published_at' }) publishedAt!: Date;
  @Column({ type: 'text', name: 'published_by' }) publishedBy!: string;
}

/** A site's letter template version in one language (DRAFT until approved; approved ones are immutable). Table `letter_template`. */
@Entity('letter_template')
export class LetterTemplateEntity {
  @PrimaryColumn({ type: 'uuid' }) id!: string;
  @Column({ type: 'text', name: 'agency_ori' }) agencyOri!: string;
  @Column({ type: 'text' }) language!: Language;
  @Column({ type: 'int' }) version!: number;
  @Column({ type: 'text' }) state!: TemplateState;
  @Column({ type: 'text' }) title!: string;
  @Column({ type: 'text' }) message!: string;
  @Column({ type: 'text' }) closing!: string;
  @Column({ type: 'timestamptz', name: 'drafted_at' }) draftedAt!: Date;
  @Column({ type: 'text', name: 'drafted_by' }) draftedBy!: string;
  @Column({ type: 'timestamptz', name: 'approved_at', nullable: true }) approvedAt!: Date | null;
  @Column({ type: 'text', name: 'approved_by', nullable: true }) approvedBy!: string | null;
}
