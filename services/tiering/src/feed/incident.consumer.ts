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
import { lockForIncidents } from '../repositories/feed-page.repository';
import { recordAndSnapshot } from '../repositories/ledger.repository';
import { distinctPersons } from '../repositories/person.repository';
import { snapshotFrom } from '../repositories/snapshot.repository';
import { reassessPerson } from '../domain/reassess';

/**
 * Applies one incident event. `page`: the feed page's scope when the consumer applies it (the page's events share one
 * transaction): the persons of all its events are locked, and the policy and go-live days read, once for the page, by
 * its first event; without it, for this event alone. Then one statement records the incident and reads each person's
 * snapshot with it, and each person is re-assessed (a tier change is one statement more).
 */
export async function applyIncidentEvent(
  m: EntityManager,
  e: IncidentFeedEvent,
  now: Date = new Date(),
  page?: FeedPageScope<IncidentFeedEvent>,
): Promise<void> {
  if (e.offenderIds.length === 0) return;
  // Every record of every person of the incident (of the page's incidents), locked in one order: parallel applies cannot deadlock or interleave.
  const reads = await (page
    ? page.once('tiering:incidents', () =>
        lockForIncidents(
          m,
          page.events.flatMap((x) => x.offenderIds),
        ),
      )
    : lockForIncidents(m, e.offenderIds));
  const persons = distinctPersons(reads.persons, e.offenderIds);
  // The ledger, and the referral recorded (or its police agency refreshed), under those locks; each person's snapshot with them.
  const { dropped, snapshots } = await recordAndSnapshot(m, e, now, { referred: isReferred(e), policeAgency: normalizeAgency(e.agencyOri) }, persons);
  // Before re-assessing: a review names the notification that was pending when the incident left the ledger.
  await reviewDroppedIncidents(m, dropped, now);
  for (const [k, members] of persons.entries()) {
    await reassessPerson(m, members, now, null, { snapshot: snapshotFrom(reads.policy, snapshots[k]!), goLives: reads.goLives });
  }
}

/** The consumer's name: its cursor and applied-event ledger (incidentFeedConsumer names it `<service>:incidents`). */
export const INCIDENT_CONSUMER = 'tiering:incidents';

export function incidentConsumer(env: ConsumerEnv) {
  return incidentFeedConsumer(env, 'tiering', 'SERVICE_TIERING', (m, e, page) => applyIncidentEvent(m, e, new Date(), page));
}
