/**
 * Persons across partner agencies: the links coordinators confirmed (from the person-link feed) and
 * the person each record belongs to (the connected set of records joined by active links). Every
 * change to a tier locks the whole person: a shared lock on the person map (a link or an unlink takes
 * it exclusively, so membership cannot change under a reader), then each record's lock, in one order.
 */
import type { EntityManager } from 'typeorm';
import { OffenderIncidentEntity } from '../entities';

const PERSONS_LOCK = `hashtextextended('tiering:persons', 0)`;

/** Each record's person: every record linked to it, the record itself included, sorted. */
export async function personsOf(m: EntityManager, offenderIds: readonly string[]): Promise<Map<string, string[]>> {
  const rows = (await m.query(MEMBERS_SQL, [[...new Set(offenderIds)]])) as { r: string; member: string }[];
  return groupMembers(rows);
}

const MEMBERS_SQL = `SELECT x.r, coalesce(pm.offender_id, x.r) AS member FROM unnest($1::uuid[]) AS x(r)
  LEFT JOIN offender_person op ON op.offender_id = x.r LEFT JOIN offender_person pm ON pm.person_id = op.person_id`;

/** Each record's members from (record, member) rows, sorted and without repeats. */
export function groupMembers(rows: readonly { r: string; member: string }[]): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const { r, member } of rows) out.set(r, [...(out.get(r) ?? []), member]);
  for (const [r, ms] of out) out.set(r, [...new Set(ms)].sort());
  return out;
}

/**
 * Common table expressions over the records `$1` (uuid[]): `mem`, each record's person (every record linked to it, the
 * record itself included), and `locked`, every member's record lock, taken in one order. A statement using them reads
 * `mem` only once `locked` is done (`WHERE (SELECT count(*) FROM locked) >= 0`).
 */
export const LOCKED_MEMBERS = `mem AS MATERIALIZED (${MEMBERS_SQL}),
     locked AS MATERIALIZED (
       SELECT o, pg_advisory_xact_lock(hashtextextended('tiering:offender:' || o, 0)) FROM (SELECT DISTINCT member AS o FROM mem ORDER BY 1) s ORDER BY o
     )`;

/** The lock on the person map readers share (`exclusive`: a link change, which waits for all of them). Its own statement: the next one's snapshot is taken after it, so it sees the person map any link change left. */
export async function lockPersonMap(m: EntityManager, exclusive: boolean): Promise<void> {
  await m.query(`SELECT ${exclusive ? 'pg_advisory_xact_lock' : 'pg_advisory_xact_lock_shared'}(${PERSONS_LOCK})`);
}

/**
 * Locks the persons of these records for a tier change and returns each record's person. Readers of
 * the person map share one lock; `exclusive` (link changes) waits for all of them.
 */
export async function lockPersons(m: EntityManager, offenderIds: readonly string[], exclusive = false): Promise<Map<string, string[]>> {
  await lockPersonMap(m, exclusive);
  // Members and their record locks in one statement, locked in one order.
  const rows = (await m.query(`WITH ${LOCKED_MEMBERS} SELECT mem.r, mem.member FROM mem WHERE (SELECT count(*) FROM locked) >= 0`, [
    [...new Set(offenderIds)],
  ])) as { r: string; member: string }[];
  return groupMembers(rows);
}

/** The distinct persons among these records (each a sorted member list), in the order of the records that name them. */
export function distinctPersons(persons: ReadonlyMap<string, readonly string[]>, records: Iterable<string> = persons.keys()): string[][] {
  const seen = new Map<string, string[]>();
  for (const r of records) {
    const ms = persons.get(r);
    if (!ms) throw new Error('a record whose person was not read');
    if (!seen.has(ms.join(','))) seen.set(ms.join(','), [...ms]);
  }
  return [...seen.values()];
}

/** The records connected to these by active links (these included). */
async function component(m: EntityManager, offenderIds: readonly string[]): Promise<string[]> {
  const rows = (await m.query(
    `WITH RECURSIVE c(o) AS (
       SELECT unnest($1::uuid[])
       UNION
       SELECT CASE WHEN l.offender_a = c.o THEN l.offender_b ELSE l.offender_a END
       FROM person_link l JOIN c ON l.offender_a = c.o OR l.offender_b = c.o WHERE l.active
     ) SELECT o FROM c`,
    [offenderIds],
  )) as { o: string }[];
  return rows.map((r) => r.o).sort();
}

/** Rewrites the person map for every record of `records`' persons from the active links; returns the persons now. */
export async function regroup(m: EntityManager, records: readonly string[]): Promise<string[][]> {
  const remaining = new Set(records);
  const groups: string[][] = [];
  for (const r of [...records].sort()) {
    if (!remaining.has(r)) continue;
    const members = await component(m, [r]);
    members.forEach((x) => remaining.delete(x));
    groups.push(members);
  }
  const all = [...new Set(groups.flat())];
  await m.query('DELETE FROM offender_person WHERE offender_id = ANY($1::uuid[])', [all]);
  for (const g of groups.filter((x) => x.length > 1)) {
    await m.query('INSERT INTO offender_person (offender_id, person_id) SELECT o, $2 FROM unnest($1::uuid[]) AS o', [g, g[0]]);
  }
  return groups;
}

export interface LinkChange {
  readonly linkId: string;
  readonly offenderIds: readonly [string, string];
  readonly agencies: readonly [string, string];
  readonly at: Date;
  readonly eventId: string;
}

/** Records a confirmed link (again active when it was undone before). */
export async function saveLink(m: EntityManager, l: LinkChange): Promise<void> {
  await m.query(
    `INSERT INTO person_link (link_id, offender_a, offender_b, agency_a, agency_b, active, linked_at, event_id) VALUES ($1, $2, $3, $4, $5, true, $6, $7)
     ON CONFLICT (link_id) DO UPDATE SET active = true, linked_at = EXCLUDED.linked_at, unlinked_at = NULL, event_id = EXCLUDED.event_id`,
    [l.linkId, l.offenderIds[0], l.offenderIds[1], l.agencies[0], l.agencies[1], l.at, l.eventId],
  );
}

/** Marks a link undone; false when tiering never saw it active. */
export async function endLink(m: EntityManager, l: LinkChange): Promise<boolean> {
  const rows = (await m.query(
    `WITH u AS (UPDATE person_link SET active = false, unlinked_at = $2, event_id = $3 WHERE link_id = $1 AND active RETURNING link_id) SELECT link_id FROM u`,
    [l.linkId, l.at, l.eventId],
  )) as unknown[];
  return rows.length > 0;
}

/** The police agency that owns an offender record: the agency of its first incident in the ledger (undefined: no such record). */
export async function recordAgency(m: EntityManager, offenderId: string): Promise<string | undefined> {
  const first = await m.getRepository(OffenderIncidentEntity).findOne({
    select: { agencyOri: true },
    where: { offenderId },
    order: { occurredAt: 'ASC', incidentId: 'ASC' },
  });
  return first?.agencyOri;
}
