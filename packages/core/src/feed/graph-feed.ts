/**
 * A feed consumer wired to a connection field of the graph: it reads `field(after:, first:)` through
 * the gateway with a service principal's identity and applies each event exactly once, keeping its
 * cursor in the consumer's own database. Every feed between subgraphs is consumed this way.
 */
import type { EntityManager } from 'typeorm';
import type { ServiceName } from '../config';
import type { ServiceRole } from '../identity/principal';
import { FeedConsumer, type FeedPageScope } from './consumer';
import { gatewayFeedSource, serviceTokenSource } from './gateway-source';
import type { ConsumerEnv } from './incident-feed';

export interface GraphFeedOptions<E extends { id: string }> {
  /** Consumer name: one cursor and one applied-event ledger per name, e.g. `tiering:incidents`. */
  readonly name: string;
  /** The consuming service (its key signs the service identity in production). */
  readonly service: ServiceName;
  /** The service principal's role; the policy decides which feeds (and fields) it may read. */
  readonly role: ServiceRole;
  /** A query with `$after: String, $first: Int` selecting `field { edges { node } pageInfo { endCursor hasNextPage } }`. */
  readonly document: string;
  readonly field: string;
  /** Applies one event inside the consumer's transaction (shared by the events of its page: `page`); writes only through `m`. */
  readonly apply: (m: EntityManager, event: E, page: FeedPageScope<E>) => Promise<void>;
}

export function graphFeedConsumer<E extends { id: string }>(env: ConsumerEnv, o: GraphFeedOptions<E>): FeedConsumer<E> {
  return new FeedConsumer<E>({
    name: o.name,
    ds: env.ds,
    log: env.log,
    source: gatewayFeedSource<E>(env.gatewayUrl, serviceTokenSource(env.config, o.service, o.role), o.document, o.field),
    apply: o.apply,
  });
}
