/**
 * The incidents subgraph's event feed as its consumers read it: the GraphQL document and the event
 * shape (the contract of `Query.incidentEvents`), and a consumer wired to it.
 */
import type { DataSource, EntityManager } from 'typeorm';
import type { HubConfig, ServiceName } from '../config';
import type { ServiceRole } from '../identity/principal';
import type { Logger } from '../logger';
import type { FeedConsumer, FeedPageScope } from './consumer';
import { graphFeedConsumer } from './graph-feed';

export interface IncidentFeedEvent {
  id: string;
  type: 'INCIDENT_RECORDED' | 'INCIDENT_AMENDED';
  recordedAt: string;
  incidentId: string;
  agencyOri: string;
  rmsNumber: string;
  occurredAt: string;
  offenderIds: string[];
  victimPartyIds: string[];
  isIntimatePartner: boolean;
  relationshipCode: string | null;
  arrestMade: boolean;
  offenseCodes: string[];
  /** Only in tiering's document (it can tell a G.S. 50B-4.1 charge: SERVICE_FEED_CJI). */
  protectiveOrderViolation?: boolean;
  weaponInvolved: boolean;
  /** Only in tiering's document (charges are criminal history: SERVICE_FEED_CJI). */
  charges?: { statute: string; description: string; dvRelated: boolean; felony: boolean }[];
  /** Only in victim-services' document (victim details are VICTIM_POLICE_RECORDED). */
  victims?: { id: string; name: string; dateOfBirth: string | null; phone: string | null }[];
}

const EVENT_FIELDS = `id type recordedAt incidentId agencyOri rmsNumber occurredAt offenderIds victimPartyIds
      isIntimatePartner relationshipCode arrestMade offenseCodes weaponInvolved`;

/** The feed document each consumer may read: tiering gets the charges (and the protective-order violation flag), victim-services the police-recorded victims. */
export function incidentFeedDocument(role: ServiceRole): string {
  const extra =
    role === 'SERVICE_TIERING' ? ' protectiveOrderViolation charges { statute description dvRelated felony }' : ' victims { id name dateOfBirth phone }';
  return `query IncidentFeed($after: String, $first: Int) {
  incidentEvents(after: $after, first: $first) {
    edges { node { ${EVENT_FIELDS}${extra} } }
    pageInfo { endCursor hasNextPage }
  }
}`;
}

export interface ConsumerEnv {
  readonly ds: DataSource;
  readonly config: HubConfig;
  readonly log: Logger;
  /** The gateway's URL (a function: in tests the gateway starts after the services, on a free port). */
  readonly gatewayUrl: () => string;
}

export function incidentFeedConsumer(
  env: ConsumerEnv,
  service: ServiceName,
  role: ServiceRole,
  apply: (m: EntityManager, e: IncidentFeedEvent, page: FeedPageScope<IncidentFeedEvent>) => Promise<void>,
): FeedConsumer<IncidentFeedEvent> {
  return graphFeedConsumer<IncidentFeedEvent>(env, {
    name: `${service}:incidents`,
    service,
    role,
    document: incidentFeedDocument(role),
    field: 'incidentEvents',
    apply,
  });
}
