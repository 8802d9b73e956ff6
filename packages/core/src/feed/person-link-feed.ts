/**
 * The incidents subgraph's person-link feed as its consumers read it: the GraphQL document and the
 * event shape (the contract of `Query.personLinkEvents`), and a consumer wired to it.
 *
 * A person known to several partner police agencies is one offender record per agency (each agency
 * owns what it recorded), joined by links that a coordinator confirmed. Tiering counts every linked
 * record's incidents for the person's tier; it learns of each confirmed or undone link from this feed.
 */
import type { EntityManager } from 'typeorm';
import type { ServiceName } from '../config';
import type { ServiceRole } from '../identity/principal';
import type { FeedConsumer } from './consumer';
import { graphFeedConsumer } from './graph-feed';
import type { ConsumerEnv } from './incident-feed';

export interface PersonLinkFeedEvent {
  /** Event id: consumers apply each event once, by this id. */
  id: string;
  /** PERSONS_LINKED when a coordinator confirmed the link, PERSONS_UNLINKED when it was undone. */
  type: 'PERSONS_LINKED' | 'PERSONS_UNLINKED';
  recordedAt: string;
  /** The link (one confirmed candidate); an undo names the same link id. */
  linkId: string;
  /** The two offender records the link joins (or joined). */
  offenderIds: [string, string];
  /** The agencies owning those records, in the same order. */
  agencies: [string, string];
}

export function personLinkFeedDocument(): string {
  return `query PersonLinkFeed($after: String, $first: Int) {
  personLinkEvents(after: $after, first: $first) {
    edges { node { id type recordedAt linkId offenderIds agencies } }
    pageInfo { endCursor hasNextPage }
  }
}`;
}

export function personLinkFeedConsumer(
  env: ConsumerEnv,
  service: ServiceName,
  role: ServiceRole,
  apply: (m: EntityManager, e: PersonLinkFeedEvent) => Promise<void>,
): FeedConsumer<PersonLinkFeedEvent> {
  return graphFeedConsumer<PersonLinkFeedEvent>(env, {
    name: `${service}:person-links`,
    service,
    role,
    document: personLinkFeedDocument(),
    field: 'personLinkEvents',
    apply,
  });
}
