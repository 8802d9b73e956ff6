/**
 * Tiering's consumer of victim-services' clearance feed (`Query.clearanceEvents`), read with the
 * SERVICE_TIERING identity: an advocacy agency cleared an offender notification, so its victim-first
 * clearance opens (CLEARED). The event carries the notification id, the time and the agency, nothing
 * else. Applied exactly once by the shared consumer (cursor and applied-event ledger in this
 * database), and the update itself changes nothing the second time. An event for a notification
 * tiering does not know, or one the agency does not serve, is ignored and logged with ids only: it
 * must never stop the feed.
 */
import type { EntityManager } from 'typeorm';
import { graphFeedConsumer, isUuid, type ConsumerEnv, type HubConfig, type Logger } from '@ipvi/core';
import { clearForAdvocates } from '../repositories/notification.repository';
import { SYSTEM_SUBJECT } from '../domain/reassess';

/** One event of the clearance feed (the contract of victim-services' `ClearanceEvent`). */
export interface ClearanceFeedEvent {
  id: string;
  type: 'NOTIFICATION_CLEARED';
  notificationId: string;
  clearedAt: string;
  advocacyAgency: string;
}

export const CLEARANCE_FEED_DOCUMENT = `query ClearanceFeed($after: String, $first: Int) {
  clearanceEvents(after: $after, first: $first) {
    edges { node { id type notificationId clearedAt advocacyAgency } }
    pageInfo { endCursor hasNextPage }
  }
}`;

export async function applyClearanceEvent(m: EntityManager, env: { readonly config: HubConfig; readonly log: Logger }, e: ClearanceFeedEvent): Promise<void> {
  const ids = { eventId: e.id, notificationId: e.notificationId, advocacyAgency: e.advocacyAgency };
  const clearedAt = new Date(e.clearedAt);
  if (e.type !== 'NOTIFICATION_CLEARED' || !isUuid(e.notificationId) || Number.isNaN(clearedAt.getTime())) {
    env.log.warn('clearance event ignored: not a notification clearance this consumer understands', { eventId: e.id, type: e.type });
    return;
  }
  const outcome = await clearForAdvocates(m, {
    notificationId: e.notificationId,
    advocacyAgency: e.advocacyAgency,
    servedAgencies: env.config.partnership.advocacyAgencies[e.advocacyAgency] ?? [],
    clearedAt,
    by: SYSTEM_SUBJECT,
  });
  if (outcome === 'UNKNOWN' || outcome === 'NOT_SERVED') env.log.warn('clearance event ignored', { ...ids, outcome });
  else if (outcome !== 'CLEARED') env.log.info('clearance event changed nothing', { ...ids, outcome });
}

export const CLEARANCE_CONSUMER = 'tiering:clearances';

export function clearanceConsumer(env: ConsumerEnv) {
  return graphFeedConsumer<ClearanceFeedEvent>(env, {
    name: CLEARANCE_CONSUMER,
    service: 'tiering',
    role: 'SERVICE_TIERING',
    document: CLEARANCE_FEED_DOCUMENT,
    field: 'clearanceEvents',
    apply: (m, e) => applyClearanceEvent(m, env, e),
  });
}
