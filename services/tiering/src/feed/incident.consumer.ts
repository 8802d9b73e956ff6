/**
 * Tiering's consumer of the incident feed. Each event updates the ledger of every offender record in
 * the incident and re-evaluates each one's person (every record linked into it: a charge recorded by
 * any partner agency counts), all inside the consumer's transaction: the shared consumer commits the
 * page, the applied-event ledger and the cursor together, so a crash loses and doubles nothing.
 */
import type { EntityManager } from 'typeorm';
import { incidentFeedConsumer, normalizeAgency, type ConsumerEnv, type FeedPageScope, type IncidentFeedEvent } from '@ipvi/core';
import { isReferred } from '../domain/advocacy-referral';
import { reviewDroppedIncidents } from '../domain/review.rules';
import { lockAndRecord } from '../repositories/ledger.repository';
import { distinctPersons, lockPersons } from '../repositories/person.repository';
import { reassessPerson } from '../domain/reassess';

/**
 * Applies one incident event. `page`: the feed page's scope when the consumer applies it (the page's events share one
 * transaction: the person map's shared lock is taken once per page); without it, everything is taken for this event.
 */
export async function applyIncidentEvent(m: EntityManager, e: IncidentFeedEvent, now: Date = new Date(), page?: FeedPageScope): Promise<void> {
  if (e.offenderIds.length === 0) return;
  // Every record of every person of the incident, locked in one order: parallel applies cannot deadlock or interleave.
  const persons = await lockPersons(m, e.offenderIds, false, page);
  // The ledger, and the referral recorded (or its police agency refreshed), under those locks.
  const dropped = await lockAndRecord(m, e, now, { referred: isReferred(e), policeAgency: normalizeAgency(e.agencyOri) });
  // Before re-assessing: a review names the notification that was pending when the incident left the ledger.
  await reviewDroppedIncidents(m, dropped, now);
  for (const members of distinctPersons(persons)) await reassessPerson(m, members, now);
}

/** The consumer's name: its cursor and applied-event ledger (incidentFeedConsumer names it `<service>:incidents`). */
export const INCIDENT_CONSUMER = 'tiering:incidents';

export function incidentConsumer(env: ConsumerEnv) {
  return incidentFeedConsumer(env, 'tiering', 'SERVICE_TIERING', (m, e, page) => applyIncidentEvent(m, e, new Date(), page));
}
