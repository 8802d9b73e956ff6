/**
 * What the incident events a feed page applies read once for all of them (a page's events share one transaction):
 * every record of every person they name, locked in one order (under the shared lock on the person map, which no link
 * change can take while the page holds it: the persons stay as read until the page commits), the active tier policy
 * and every site's go-live instant. Nothing an incident event writes changes any of them; the page applies its events
 * as of one moment, and each assignment records the policy version it used.
 */
import type { EntityManager } from 'typeorm';
import { GO_LIVES_SQL, goLivesFrom } from './go-live.repository';
import { LOCKED_MEMBERS, groupMembers, lockPersonMap } from './person.repository';
import { ACTIVE_POLICY_SQL, type OffenderSnapshot } from './snapshot.repository';

export interface IncidentPageReads {
  /** Each record named by the page's events: its person's records (sorted), all of them locked. */
  readonly persons: ReadonlyMap<string, readonly string[]>;
  readonly policy: OffenderSnapshot['policy'];
  readonly goLives: ReadonlyMap<string, Date>;
}

/** Locks the persons of these records (the shared person-map lock, then every member's lock in one order) and reads the policy and the go-live days with them. */
export async function lockForIncidents(m: EntityManager, offenderIds: readonly string[]): Promise<IncidentPageReads> {
  await lockPersonMap(m, false);
  const [row] = (await m.query(
    `WITH ${LOCKED_MEMBERS}
     SELECT (SELECT coalesce(json_agg(json_build_object('r', mem.r, 'member', mem.member)), '[]') FROM mem WHERE (SELECT count(*) FROM locked) >= 0) AS members,
       (${ACTIVE_POLICY_SQL}) AS policy, (${GO_LIVES_SQL}) AS "goLives"`,
    [[...new Set(offenderIds)]],
  )) as { members: { r: string; member: string }[]; policy: OffenderSnapshot['policy'] | null; goLives: Record<string, string> }[];
  if (!row?.policy) throw new Error('no tier policy published');
  return { persons: groupMembers(row.members), policy: row.policy, goLives: goLivesFrom(row.goLives) };
}
