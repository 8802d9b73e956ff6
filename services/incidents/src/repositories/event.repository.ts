/**
 * The incident event outbox: written in the caller's transaction, read by the feed. The payload is
 * built from the stored rows, so an event always says what the database holds.
 */
import { randomUUID } from 'node:crypto';
import type { DataSource, EntityManager } from 'typeorm';
import { CursorShapes, connectionOf, pageOf, type Connection, type IncidentFeedEvent, type PageArgs } from '@ipvi/core';
import { IncidentEventEntity, type IncidentEventPayload } from '../entities';
import { columns } from './columns';

export type IncidentEventType = IncidentFeedEvent['type'];

export type { IncidentEventPayload } from '../entities';

/** An outbox event as the feed reads it. */
export type IncidentEventRow = Omit<IncidentEventEntity, 'incidentId'>;

const OUTBOX_LOCK = 74110002;

/**
 * Builds the payloads of many incidents in one statement. The protective-order violation and
 * weapon-involved flags are decided once by the writer (model/incident-record.ts) and stored.
 */
async function payloadsOf(m: EntityManager, incidentIds: readonly string[]): Promise<IncidentEventPayload[]> {
  return m
    .query(
      `SELECT json_build_object(
       'incidentId', i.id, 'agencyOri', i.agency_ori, 'rmsNumber', i.rms_number,
       'occurredAt', to_char(i.occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
       'offenderIds', coalesce((SELECT json_agg(io.offender_id ORDER BY io.offender_id) FROM incident_offender io WHERE io.incident_id = i.id), '[]'::json),
       'victimPartyIds', coalesce((SELECT json_agg(v.id ORDER BY v.id) FROM incident_victim v WHERE v.incident_id = i.id), '[]'::json),
       'isIntimatePartner', i.is_intimate_partner, 'relationshipCode', i.relationship_code, 'arrestMade', i.arrest_made,
       'offenseCodes', to_json(i.offense_codes),
       'protectiveOrderViolation', i.po_violation,
       'weaponInvolved', i.weapon_involved,
       'charges', coalesce((SELECT json_agg(json_build_object('statute', c.statute, 'description', c.description, 'dvRelated', c.dv_related, 'felony', c.felony) ORDER BY c.ordinal)
                            FROM incident_charge c WHERE c.incident_id = i.id), '[]'::json),
       'victims', coalesce((SELECT json_agg(json_build_object('id', v.id, 'name', v.name, 'dateOfBirth', to_char(v.date_of_birth, 'YYYY-MM-DD'), 'phone', v.phone) ORDER BY v.ordinal)
                            FROM incident_victim v WHERE v.incident_id = i.id), '[]'::json)
     ) AS payload
     FROM unnest($1::uuid[]) WITH ORDINALITY AS t(id, ord) JOIN incident i ON i.id = t.id ORDER BY t.ord`,
      [incidentIds],
    )
    .then((rows: { payload: IncidentEventPayload }[]) => rows.map((r) => r.payload));
}

export class IncidentEventRepository {
  constructor(private readonly ds: DataSource) {}

  /** Appends one event per incident inside the caller's transaction `m`. */
  static async append(m: EntityManager, type: IncidentEventType, incidentIds: readonly string[]): Promise<void> {
    if (incidentIds.length === 0) return;
    await m.query('SELECT pg_advisory_xact_lock($1)', [OUTBOX_LOCK]);
    const payloads = await payloadsOf(m, incidentIds);
    await m.query(`INSERT INTO incident_event (id, type, incident_id, payload) SELECT * FROM unnest($1::uuid[], $2::text[], $3::uuid[], $4::jsonb[])`, [
      payloads.map(() => randomUUID()),
      payloads.map(() => type),
      payloads.map((p) => p.incidentId),
      payloads.map((p) => JSON.stringify(p)),
    ]);
  }

  async page(args: PageArgs): Promise<Connection<IncidentEventRow>> {
    const page = pageOf(args, CursorShapes.seq);
    const after = page.after ? String(page.after[0]) : '0';
    const rows = (await this.ds.query(
      `SELECT ${columns(IncidentEventEntity, 'e', { except: ['incidentId'] })} FROM incident_event e WHERE e.seq > $1 ORDER BY e.seq LIMIT ${page.limit + 1}`,
      [after],
    )) as IncidentEventRow[];
    const [{ n, preceding }] = (await this.ds.query(
      'SELECT count(*)::int AS n, EXISTS (SELECT 1 FROM incident_event WHERE seq <= $1) AS preceding FROM incident_event WHERE seq > $1',
      [after],
    )) as [{ n: number; preceding: boolean }];
    return connectionOf(rows, page.limit, n, (r) => [r.seq], preceding);
  }
}
