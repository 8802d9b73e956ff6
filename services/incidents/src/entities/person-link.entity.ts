import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A "possible same person" candidate: another agency's record matched a new record by name + date of birth. */
@Entity('person_link_candidate')
export class PersonLinkCandidateEntity {
  @PrimaryColumn({ type: 'uuid' }) id!: string;
  @Column({ type: 'uuid', name: 'existing_offender_id' }) existingOffenderId!: string;
  @Column({ type: 'text', name: 'existing_agency' }) existingAgency!: string;
  @Column({ type: 'uuid', name: 'new_offender_id' }) newOffenderId!: string;
  @Column({ type: 'text', name: 'new_agency' }) newAgency!: string;
  @Column({ type: 'text', array: true }) reasons!: string[];
  @Column({ type: 'text', default: 'PENDING' }) status!: 'PENDING' | 'CONFIRMED' | 'REJECTED' | 'UNLINKED';
  @Column({ type: 'timestamptz', name: 'proposed_at', default: () => 'now()' }) proposedAt!: Date;
  @Column({ type: 'timestamptz', name: 'decided_at', nullable: true }) decidedAt!: Date | null;
  @Column({ type: 'text', name: 'decided_by', nullable: true }) decidedBy!: string | null;
  @Column({ type: 'text', name: 'decided_by_agency', nullable: true }) decidedByAgency!: string | null;
  @Column({ type: 'text', name: 'decision_justification', nullable: true }) decisionJustification!: string | null;
}

/** A confirmed link between two agencies' records of one person; undone by setting `unlinked_*`. */
@Entity('person_link')
export class PersonLinkEntity {
  @PrimaryColumn({ type: 'uuid' }) id!: string;
  @Column({ type: 'uuid', name: 'candidate_id' }) candidateId!: string;
  @Column({ type: 'uuid', array: true, name: 'offender_ids' }) offenderIds!: string[];
  @Column({ type: 'text', array: true }) agencies!: string[];
  @Column({ type: 'timestamptz', name: 'linked_at' }) linkedAt!: Date;
  @Column({ type: 'text', name: 'linked_by' }) linkedBy!: string;
  @Column({ type: 'text', name: 'linked_by_agency' }) linkedByAgency!: string;
  @Column({ type: 'text', name: 'link_justification' }) linkJustification!: string;
  @Column({ type: 'timestamptz', name: 'unlinked_at', nullable: true }) unlinkedAt!: Date | null;
  @Column({ type: 'text', name: 'unlinked_by', nullable: true }) unlinkedBy!: string | null;
  @Column({ type: 'text', name: 'unlinked_by_agency', nullable: true }) unlinkedByAgency!: string | null;
  @Column({ type: 'text', name: 'unlink_justification', nullable: true }) unlinkJustification!: string | null;
}

/** A candidate as its reviewers read it: the row, with each record's name and date of birth (joined from offender). */
export type CandidateRow = PersonLinkCandidateEntity & {
  existingName: string;
  existingDob: string | null;
  newName: string;
  newDob: string | null;
};
