/**
 * Tiering's consumer of the incident feed. Each event updates the ledger of every offender in the
 * incident and re-evaluates them, all inside the consumer's transaction: the shared consumer commits
 * the page, the applied-event ledger and the cursor together, so a crash loses and doubles nothing.
 */
import type { EntityManager } from 'typeorm';
import { incidentFeedConsumer, type ConsumerEnv, type IncidentFeedEvent } from '@ipvi/core';
import { lockAndRecord } from '../repositories/ledger.repository';
import { reassessOffender } from '../services/reassess';

export async function applyIncidentEvent(m: EntityManager, e: IncidentFeedEvent, now: Date = new Date()): Promise<void> {
  if (e.offenderIds.length === 0) return;
  // Every offender of the incident, locked in one order: parallel applies cannot deadlock or interleave.
  await lockAndRecord(m, e, now);
  for (const offenderId of [...new Set(e.offenderIds)].sort()) await reassessOffender(m, offenderId, now);
}

export function incidentConsumer(env: ConsumerEnv) {
  return incidentFeedConsumer(env, 'tiering', 'SERVICE_TIERING', (m, e) => applyIncidentEvent(m, e));
}
