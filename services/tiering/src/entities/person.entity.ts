import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A link coordinators confirmed between two agencies' offender records, as the person-link feed reports it. Table `person_link`. */
@Entity('person_link')
export class PersonLinkEntity {
  @PrimaryColumn({ type: 'uuid', name: 'link_id' }) linkId!: string;
  @Column({ type: 'uuid', name: 'offender_a' }) offenderA!: string;
  @Column({ type: 'uuid', name: 'offender_b' }) offenderB!: string;
  @Column({ type: 'text', name: 'agency_a' }) agencyA!: string;
  @Column({ type: 'text', name: 'agency_b' }) agencyB!: string;
  @Column({ type: 'boolean' }) active!: boolean;
  @Column({ type: 'timestamptz', name: 'linked_at' }) linkedAt!: Date;
  @Column({ type: 'timestamptz', name: 'unlinked_at', nullable: true }) unlinkedAt!: Date | null;
  @Column({ type: 'uuid', name: 'event_id' }) eventId!: string;
}

/** The person a linked offender record belongs to now (absent: a person of its own). Table `offender_person`. */
@Entity('offender_person')
export class OffenderPersonEntity {
  @PrimaryColumn({ type: 'uuid', name: 'offender_id' }) offenderId!: string;
  @Column({ type: 'uuid', name: 'person_id' }) personId!: string;
}
