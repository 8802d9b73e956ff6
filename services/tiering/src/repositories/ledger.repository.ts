/** The offender's incident ledger, kept from the incident feed (the latest version of each incident). */
import type { EntityManager } from 'typeorm';
import type { IncidentFeedEvent } from '@ipvi/core';
import { OffenderIncidentEntity } from '../entities';
import { LEDGER_COLUMNS, personSnapshotSql, type PersonSnapshotRow } from './snapshot.repository';

/** Serializes everything that changes one offender's tier (feed applies, overrides, deliveries). */
export async function lockOffenders(m: EntityManager, offenderIds: readonly string[]): Promise<void> {
  for (const id of [...new Set(offenderIds)].sort()) await m.query(`SELECT pg_advisory_xact_lock(hashtextextended('tiering:offender:' || $1, 0))`, [id]);
}

/** An incident taken out of an offender's ledger (an amendment named someone else). */
export type DroppedIncident = Readonly<Pick<OffenderIncidentEntity, 'offenderId' | 'incidentId' | 'agencyOri' | 'rmsNumber'>>;

/**
 * An amendment may name other offenders (the officer corrected who it was): the incident leaves the
 * ledger of every offender it no longer names, under their locks (taken with the new offenders', in
 * one order), so it never counts again for the wrong person. Their tier stays: tiers never go down by
 * themselves (a coordinator's override corrects one). Returns what left which ledger.
 */
async function dropFromOtherLedgers(m: EntityManager, incidentId: string, offenders: readonly string[]): Promise<DroppedIncident[]> {
  const rows = await m.getRepository(OffenderIncidentEntity).find({ select: { offenderId: true }, where: { incidentId } });
  const dropped = rows.map((r) => r.offenderId).filter((o) => !offenders.includes(o));
  if (!dropped.length) return [];
  await lockOffenders(m, [...dropped, ...offenders]);
  // In a WITH: TypeORM answers a bare DELETE with [rows, count], a SELECT with the rows.
  return (await m.query(
    `WITH d AS (DELETE FROM offender_incident WHERE incident_id = $1 AND offender_id = ANY($2::uuid[]) RETURNING offender_id, incident_id, agency_ori, rms_number)
     SELECT offender_id AS "offenderId", incident_id AS "incidentId", agency_ori AS "agencyOri", rms_number AS "rmsNumber" FROM d`,
    [incidentId, dropped],
  )) as DroppedIncident[];
}

/**
 * Records the incident in the ledger of every offender of the event, and reads the snapshot of each of `persons` (the
 * persons of the event's offenders) as it is with the incident recorded, in one statement (a round trip per event).
 * The caller holds every person's locks already (taken in an earlier statement: this statement's snapshot is taken
 * after them, so it sees what they guarded); the statement takes the event's offenders' locks again (held: no wait)
 * before it writes.
 *
 * One statement sees the data as it was before its own writes: each person's ledger is read as the table will hold it,
 * its rows of this incident for the event's offenders replaced by the values written for them (the same parameters as
 * the upsert's). Amendments drop the incident from other ledgers first (dropFromOtherLedgers, its own statements).
 *
 * The same statement records the incident's referral to advocates when `referral.referred`
 * (domain/advocacy-referral.ts), or else refreshes the police agency of one recorded before (a referral
 * is never withdrawn: referred-incident.repository.ts).
 */
export async function recordAndSnapshot(
  m: EntityManager,
  e: IncidentFeedEvent,
  now: Date,
  referral: { readonly referred: boolean; readonly policeAgency: string },
  persons: readonly (readonly string[])[],
): Promise<{ dropped: DroppedIncident[]; snapshots: PersonSnapshotRow[] }> {
  const offenders = [...new Set(e.offenderIds)].sort();
  const dropped = e.type === 'INCIDENT_AMENDED' ? await dropFromOtherLedgers(m, e.incidentId, offenders) : [];
  const ledgerRows = `(
         SELECT ${LEDGER_COLUMNS} FROM offender_incident WHERE offender_id = ANY(p.members) AND NOT (incident_id = $2 AND offender_id = ANY($1::uuid[]))
         UNION ALL
         SELECT o, $2, $4, $3, $5, $6, $7, $8, $9, $10, $11, $12 FROM unnest($1::uuid[]) AS o WHERE o = ANY(p.members)
       ) AS recorded`;
  const rows = (await m.query(
    `WITH locked AS MATERIALIZED (
       SELECT o, pg_advisory_xact_lock(hashtextextended('tiering:offender:' || o, 0)) FROM unnest($1::uuid[]) WITH ORDINALITY AS t(o, n) ORDER BY n
     ), referred AS (
       INSERT INTO referred_incident (incident_id, police_agency, referred_at) SELECT $2, $16, $14 WHERE $15::boolean IS TRUE AND (SELECT count(*) FROM locked) >= 0
       ON CONFLICT (incident_id) DO UPDATE SET police_agency = EXCLUDED.police_agency
     ), refreshed AS (
       UPDATE referred_incident SET police_agency = $16 WHERE $15::boolean IS FALSE AND incident_id = $2
     ), written AS (
       INSERT INTO offender_incident (offender_id, incident_id, agency_ori, rms_number, occurred_at, is_intimate_partner, relationship_code, arrest_made,
         offense_codes, protective_order_violation, weapon_involved, charges, event_id, updated_at)
       SELECT o, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14 FROM locked
       ON CONFLICT (offender_id, incident_id) DO UPDATE SET agency_ori = EXCLUDED.agency_ori, rms_number = EXCLUDED.rms_number,
         occurred_at = EXCLUDED.occurred_at, is_intimate_partner = EXCLUDED.is_intimate_partner, relationship_code = EXCLUDED.relationship_code,
         arrest_made = EXCLUDED.arrest_made, offense_codes = EXCLUDED.offense_codes, protective_order_violation = EXCLUDED.protective_order_violation,
         weapon_involved = EXCLUDED.weapon_involved, charges = EXCLUDED.charges, event_id = EXCLUDED.event_id, updated_at = EXCLUDED.updated_at
     ), p AS (
       SELECT k, array_agg(o) AS members FROM unnest($17::uuid[], $18::int[]) AS x(o, k) GROUP BY k
     )
     SELECT p.k, ${personSnapshotSql('p.members', ledgerRows)} FROM p ORDER BY p.k`,
    [
      offenders,
      e.incidentId,
      e.agencyOri,
      e.rmsNumber,
      e.occurredAt,
      e.isIntimatePartner,
      e.relationshipCode,
      e.arrestMade,
      e.offenseCodes,
      e.protectiveOrderViolation ?? false,
      e.weaponInvolved,
      JSON.stringify(e.charges ?? []),
      e.id,
      now,
      referral.referred,
      referral.policeAgency,
      persons.flat(),
      persons.flatMap((ms, k) => ms.map(() => k)),
    ],
  )) as (PersonSnapshotRow & { k: number })[];
  return { dropped, snapshots: rows };
}
