import { Column, Entity, PrimaryColumn } from 'typeorm';

/** The incident outbox (incident_event): one event per recorded or amended incident, in `seq` order. */
@Entity('incident_event')
export class IncidentEventEntity {
  @PrimaryColumn({ type: 'bigint' }) seq!: string;
  @Column({ type: 'uuid', unique: true }) id!: string;
  @Column({ type: 'text' }) type!: 'INCIDENT_RECORDED' | 'INCIDENT_AMENDED';
  @Column({ type: 'uuid', name: 'incident_id' }) incidentId!: string;
  @Column({ type: 'timestamptz', name: 'recorded_at' }) recordedAt!: Date;
  @Column({ type: 'jsonb' }) payload!: unknown;
}

/** The person-link outbox (person_link_event): one event per link made or undone, in `seq` order. */
@Entity('person_link_event')
export class PersonLinkEventEntity {
  @PrimaryColumn({ type: 'bigint' }) seq!: string;
  @Column({ type: 'uuid', unique: true }) id!: string;
  @Column({ type: 'text' }) type!: 'PERSONS_LINKED' | 'PERSONS_UNLINKED';
  @Column({ type: 'uuid', name: 'link_id' }) linkId!: string;
  @Column({ type: 'timestamptz', name: 'recorded_at' }) recordedAt!: Date;
  @Column({ type: 'jsonb' }) payload!: unknown;
}
