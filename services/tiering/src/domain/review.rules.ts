/**
 * The coordinators' review queue, opened (issue 14, open question 1): when an amendment names another
 * offender, the incident leaves the previous offender's ledger, and each of that offender's pending
 * notifications whose tier used the incident goes to the review queue with the reason, instead of
 * staying silently due. Runs in the feed apply's transaction, under the offenders' locks.
 */
import type { EntityManager } from 'typeorm';
import type { DroppedIncident } from '../repositories/ledger.repository';
import { openReviews } from '../repositories/review.repository';

export function reviewReason(d: DroppedIncident): string {
  return `An amendment of incident ${d.rmsNumber} (${d.agencyOri}) names another offender; the tier this notification announces used that incident.`;
}

export function reviewDroppedIncidents(m: EntityManager, dropped: readonly DroppedIncident[], now: Date): Promise<number> {
  return openReviews(m, dropped, dropped.map(reviewReason), now);
}
