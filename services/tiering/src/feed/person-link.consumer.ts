/**
 * Tiering's consumer of the incidents subgraph's person-link feed (`Query.personLinkEvents`, the
 * contract in core's feed/person-link-feed.ts): a coordinator confirmed that two offender records of
 * different agencies are one person, or undid such a link. Applied exactly once by the shared
 * consumer, inside its transaction, under the exclusive lock of the person map.
 *
 * - PERSONS_LINKED: the two records' persons become one, re-evaluated on the combined ledger (a
 *   charge recorded by the other agency counts). The person keeps at least the higher of the two
 *   tiers it had (rule PERSONS_LINKED when that tier is carried over without a new notice).
 * - PERSONS_UNLINKED: the person splits along the remaining links; each part keeps the tier the
 *   person had (tiers never go down by themselves: rule PERSONS_UNLINKED, until a coordinator
 *   overrides it), then is re-evaluated from its own history, which may raise it.
 *
 * An event this consumer cannot use (malformed ids, an unknown agency, an undo of a link it never
 * saw) is logged with ids only and skipped: it must never stop the feed.
 */
import type { EntityManager } from 'typeorm';
import {
  agencyKind,
  isUuid,
  normalizeAgency,
  personLinkFeedConsumer,
  type ConsumerEnv,
  type HubConfig,
  type Logger,
  type PersonLinkFeedEvent,
} from '@ipvi/core';
import { currentAssignment } from '../repositories/assignment.repository';
import { endLink, lockPersons, personsOf, regroup, saveLink, type LinkChange } from '../repositories/person.repository';
import type { CurrentTier } from '../repositories/snapshot.repository';
import { tierRank } from '../policy/tier-policy';
import { LINK_RULES, reassessPerson } from '../domain/reassess';

const day = (d: Date) => d.toISOString().slice(0, 10);

/** The link an event describes, or null when it is not one this consumer can apply. */
function linkOf(config: HubConfig, e: PersonLinkFeedEvent): LinkChange | null {
  const at = new Date(e.recordedAt);
  const [a, b] = e.offenderIds ?? [];
  const agencies = (e.agencies ?? []).map((x) => normalizeAgency(String(x)));
  if (!isUuid(e.linkId ?? '') || !a || !b || !isUuid(a) || !isUuid(b) || a === b || Number.isNaN(at.getTime())) return null;
  if (agencies.length !== 2 || agencies.some((x) => agencyKind(config, x) !== 'police')) return null;
  return { linkId: e.linkId, offenderIds: [a, b], agencies: [agencies[0]!, agencies[1]!], at, eventId: e.id };
}

async function currentOf(m: EntityManager, members: readonly string[]): Promise<CurrentTier | null> {
  const a = await currentAssignment(m, members);
  return (
    a && {
      id: a.id,
      offenderId: a.offenderId,
      level: a.level,
      agencyOri: a.agencyOri,
      incidentIds: a.incidentIds,
      template: a.template,
      refs: a.refs,
      explanation: a.explanation,
      effectiveAt: a.effectiveAt.toISOString(),
    }
  );
}

async function link(m: EntityManager, l: LinkChange, now: Date): Promise<void> {
  const before = await personsOf(m, l.offenderIds);
  const tiers = await Promise.all([...before.values()].map((ms) => currentOf(m, ms)));
  const highest = tiers.reduce<CurrentTier | null>((x, t) => (t && tierRank(t.level) > tierRank(x?.level) ? t : x), null);
  await saveLink(m, l);
  const [members] = await regroup(m, l.offenderIds);
  const why = `the records of ${l.agencies[0]} and ${l.agencies[1]} were confirmed as one person on ${day(l.at)}`;
  await reassessPerson(m, members!, now, highest && { current: highest, rule: LINK_RULES.linked, why });
}

async function unlink(m: EntityManager, l: LinkChange, now: Date): Promise<boolean> {
  const before = (await personsOf(m, l.offenderIds)).get(l.offenderIds[0])!;
  const person = await currentOf(m, before);
  if (!(await endLink(m, l))) return false;
  const why = `the link between records of ${l.agencies[0]} and ${l.agencies[1]} was undone on ${day(l.at)}, and tiers never go down by themselves`;
  for (const part of await regroup(m, before)) await reassessPerson(m, part, now, person && { current: person, rule: LINK_RULES.unlinked, why });
  return true;
}

export async function applyPersonLinkEvent(
  m: EntityManager,
  env: { readonly config: HubConfig; readonly log: Logger },
  e: PersonLinkFeedEvent,
  now: Date = new Date(),
): Promise<void> {
  const l = linkOf(env.config, e);
  if (!l || (e.type !== 'PERSONS_LINKED' && e.type !== 'PERSONS_UNLINKED')) {
    env.log.warn('person-link event ignored: not a link this consumer understands', { eventId: e.id, type: e.type });
    return;
  }
  // The person map changes: wait for every tier change in flight, and hold every record of both persons.
  await lockPersons(m, l.offenderIds, true);
  if (e.type === 'PERSONS_LINKED') await link(m, l, now);
  else if (!(await unlink(m, l, now))) env.log.info('person-link undo changed nothing: the link was not active', { eventId: e.id, linkId: l.linkId });
}

export function personLinkConsumer(env: ConsumerEnv) {
  return personLinkFeedConsumer(env, 'tiering', 'SERVICE_TIERING', (m, e) => applyPersonLinkEvent(m, env, e));
}
