/**
 * The person-link outbox: one event per confirmed link (PERSONS_LINKED) and per undone link
 * (PERSONS_UNLINKED), written in the transaction of the decision, read by the feed
 * (`Query.personLinkEvents`, the contract in @ipvi/core feed/person-link-feed.ts). The payload is
 * built from the stored link, so an event says what the database holds.
 */
import { randomUUID } from 'node:crypto';
import type { DataSource, EntityManager } from 'typeorm';
import { connectionOf, pageOf, type Connection, type PageArgs, type PersonLinkFeedEvent } from '@ipvi/core';
import { PersonLinkEventEntity } from '../entities';
import { columns } from './columns';

export type PersonLinkEventType = PersonLinkFeedEvent['type'];
export type { PersonLinkEventPayload } from '../entities';

/** An outbox event as the feed reads it. */
export type PersonLinkEventRow = Omit<PersonLinkEventEntity, 'linkId'>;

const OUTBOX_LOCK = 74110003;

export class PersonLinkEventRepository {
  constructor(private readonly ds: DataSource) {}

  /** Appends one event for a link inside the caller's transaction `m`. */
  static async append(m: EntityManager, type: PersonLinkEventType, linkId: string): Promise<void> {
    await m.query('SELECT pg_advisory_xact_lock($1)', [OUTBOX_LOCK]);
    await m.query(
      `INSERT INTO person_link_event (id, type, link_id, payload)
       SELECT $1, $2, l.id, json_build_object('linkId', l.id, 'offenderIds', to_json(l.offender_ids), 'agencies', to_json(l.agencies))
       FROM person_link l WHERE l.id = $3`,
      [randomUUID(), type, linkId],
    );
  }

  async page(args: PageArgs): Promise<Connection<PersonLinkEventRow>> {
    const page = pageOf(args);
    const after = page.after ? String(page.after[0]) : '0';
    const rows = (await this.ds.query(
      `SELECT ${columns(PersonLinkEventEntity, 'e', { except: ['linkId'] })} FROM person_link_event e WHERE e.seq > $1 ORDER BY e.seq LIMIT ${page.limit + 1}`,
      [after],
    )) as PersonLinkEventRow[];
    const [{ n, preceding }] = (await this.ds.query(
      'SELECT count(*)::int AS n, EXISTS (SELECT 1 FROM person_link_event WHERE seq <= $1) AS preceding FROM person_link_event WHERE seq > $1',
      [after],
    )) as [{ n: number; preceding: boolean }];
    return connectionOf(rows, page.limit, n, (r) => [r.seq], preceding);
  }
}
