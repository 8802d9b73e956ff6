import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { IncidentFeedEvent, PersonLinkFeedEvent } from '@ipvi/core';

/**
 * What tiering and victim-services need to know about an incident: the feed contract
 * (IncidentFeedEvent in @ipvi/core), less the event's own id, type and time; the outbox always
 * stores the charges, the protective-order violation flag and the victims (each consumer's principal
 * may read only its part).
 */
export type IncidentEventPayload = Omit<IncidentFeedEvent, 'id' | 'type' | 'recordedAt' | 'charges' | 'victims' | 'protectiveOrderViolation'> &
  Required<Pick<IncidentFeedEvent, 'charges' | 'victims' | 'protectiveOrderViolation'>>;

/** What a person-link event says: the link, its two records and their agencies. */
export type PersonLinkEventPayload = Pick<PersonLinkFeedEvent, 'linkId' | 'offenderIds' | 'agencies'>;

/** The incident outbox (incident_event): one event per recorded or amended incident, in `seq` order. */
@Entity('incident_event')
export class IncidentEventEntity {
  @PrimaryColumn({ type: 'bigint' }) seq!: string;
  @Column({ type: 'uuid', unique: true }) id!: string;
  @Column({ type: 'text' }) type!: IncidentFeedEvent['type'];
  @Column({ type: 'uuid', name: 'incident_id' }) incidentId!: string;
  @Column({ type: 'timestamptz', name: 'recorded_at' }) recordedAt!: Date;
  @Column({ type: 'jsonb' }) payload!: IncidentEventPayload;
}

/** The person-link outbox (person_link_event): one event per link made or undone, in `seq` order. */
@Entity('person_link_event')
export class PersonLinkEventEntity {
  @PrimaryColumn({ type: 'bigint' }) seq!: string;
  @Column({ type: 'uuid', unique: true }) id!: string;
  @Column({ type: 'text' }) type!: PersonLinkFeedEvent['type'];
  @Column({ type: 'uuid', name: 'link_id' }) linkId!: string;
  @Column({ type: 'timestamptz', name: 'recorded_at' }) recordedAt!: Date;
  @Column({ type: 'jsonb' }) payload!: PersonLinkEventPayload;
}
