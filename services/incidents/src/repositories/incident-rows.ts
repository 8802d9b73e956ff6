/**
 * The set-based statements behind the incident writer: each call writes the rows of a whole batch in
 * one statement, so a batch of 500 costs the same number of round trips as a batch of one.
 */
import { createHash } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { isIntimatePartner, isProtectiveOrderViolation, isWeaponInvolved, type IncidentRecord, type ScreenDraft } from '../model/incident-record';
import { LAP_KEYS } from '../lethality';
import { IncidentEntity, LethalityScreenEntity, ProtectiveOrderEntity } from '../entities';
import { columnName, columns } from './columns';

/** A row the writer stores: the canonical record and where it goes. */
export interface IncidentWrite {
  readonly id: string;
  readonly record: IncidentRecord;
  readonly hash: string;
  readonly violatedOrderId: string | null;
  readonly amended: boolean;
}

/** A stored incident a batch names again: its identity, version, content hash and the screen it keeps. */
export type ExistingIncident = Pick<IncidentEntity, 'id' | 'agencyOri' | 'rmsNumber' | 'version' | 'contentHash'> & { screen: ScreenDraft | null };

/** A stable id for the n-th victim/charge/screen of an incident: the same across amendments and runs. */
export function childId(incidentId: string, kind: string, ordinal: number): string {
  const h = createHash('sha1').update(`${incidentId}:${kind}:${ordinal}`).digest();
  h[6] = (h[6]! & 0x0f) | 0x50;
  h[8] = (h[8]! & 0x3f) | 0x80;
  const x = h.subarray(0, 16).toString('hex');
  return `${x.slice(0, 8)}-${x.slice(8, 12)}-${x.slice(12, 16)}-${x.slice(16, 20)}-${x.slice(20, 32)}`;
}

/** Transaction-scoped advisory locks on the given keys, always in the same (sorted) order. */
export async function lockKeys(m: EntityManager, keys: readonly string[]): Promise<void> {
  const sorted = [...new Set(keys)].sort();
  if (!sorted.length) return;
  await m.query(`SELECT pg_advisory_xact_lock(hashtextextended(k, 0)) FROM unnest($1::text[]) WITH ORDINALITY AS t(k, n) ORDER BY n`, [sorted]);
}

export async function existingIncidents(m: EntityManager, keys: readonly { agencyOri: string; rmsNumber: string }[]): Promise<Map<string, ExistingIncident>> {
  const rows = (await m.query(
    `SELECT ${columns(IncidentEntity, 'i', ['id', 'agencyOri', 'rmsNumber', 'version', 'contentHash'])}, i.record -> 'lethalityScreen' AS screen
     FROM incident i JOIN unnest($1::text[], $2::text[]) AS k(ori, rms) ON i.agency_ori = k.ori AND i.rms_number = k.rms`,
    [keys.map((k) => k.agencyOri), keys.map((k) => k.rmsNumber)],
  )) as ExistingIncident[];
  return new Map(rows.map((r) => [`${r.agencyOri}|${r.rmsNumber}`, r]));
}

/** Ids of stored protective orders by agency + order number (key `agency|number`). */
export async function protectiveOrderIds(m: EntityManager, keys: readonly { agencyOri: string; orderNumber: string }[]): Promise<Map<string, string>> {
  const rows = (await m.query(
    `SELECT ${columns(ProtectiveOrderEntity, 'po', ['id', 'agencyOri', 'orderNumber'])} FROM protective_order po JOIN unnest($1::text[], $2::text[]) AS k(ori, num) ON po.agency_ori = k.ori AND po.order_number = k.num`,
    [keys.map((k) => k.agencyOri), keys.map((k) => k.orderNumber)],
  )) as Pick<ProtectiveOrderEntity, 'id' | 'agencyOri' | 'orderNumber'>[];
  return new Map(rows.map((r) => [`${r.agencyOri}|${r.orderNumber}`, r.id]));
}

/** Keeps each amended incident's current version whole, with the top-level fields the new one changes. */
export async function saveVersions(m: EntityManager, rows: readonly IncidentWrite[]): Promise<void> {
  const amended = rows.filter((r) => r.amended);
  if (!amended.length) return;
  await m.query(
    `INSERT INTO incident_version (incident_id, version, record, recorded_at, changed_fields)
     SELECT i.id, i.version, i.record, i.updated_at,
            ARRAY(SELECT n.key FROM jsonb_each(u.rec) n WHERE n.value IS DISTINCT FROM i.record -> n.key ORDER BY n.key)
     FROM incident i JOIN unnest($1::uuid[], $2::jsonb[]) AS u(id, rec) ON u.id = i.id`,
    [amended.map((r) => r.id), amended.map((r) => JSON.stringify(r.record))],
  );
}

/** Inserts new incidents and overwrites amended ones (version + 1). */
export async function upsertIncidents(m: EntityManager, rows: readonly IncidentWrite[]): Promise<void> {
  const col = <T>(f: (r: IncidentRecord, w: IncidentWrite) => T) => rows.map((w) => f(w.record, w));
  await m.query(
    `INSERT INTO incident (id, agency_ori, rms_number, occurred_at, reported_at, location, offense_codes, attempted_offense_codes, relationship_code,
       ip_validated, is_intimate_partner, arrest_made, weapon_code, injury_code, children_present, narrative, reporting_officer, violated_order_id, po_violation, record, content_hash, weapon_involved)
     SELECT id, ori, rms, occ, rep, loc, string_to_array(codes, ','), string_to_array(att, ','), rel, ipv, ip, arrest, weapon, injury, children, narrative, officer, ord, pov, rec, hash, wpn
     FROM unnest($1::uuid[], $2::text[], $3::text[], $4::timestamptz[], $5::timestamptz[], $6::text[], $7::text[], $8::text[], $9::text[], $10::boolean[],
                 $11::boolean[], $12::boolean[], $13::text[], $14::text[], $15::boolean[], $16::text[], $17::text[], $18::uuid[], $19::boolean[], $20::jsonb[], $21::text[], $22::boolean[])
       AS u(id, ori, rms, occ, rep, loc, codes, att, rel, ipv, ip, arrest, weapon, injury, children, narrative, officer, ord, pov, rec, hash, wpn)
     ON CONFLICT (id) DO UPDATE SET occurred_at = EXCLUDED.occurred_at, reported_at = EXCLUDED.reported_at, location = EXCLUDED.location,
       offense_codes = EXCLUDED.offense_codes, attempted_offense_codes = EXCLUDED.attempted_offense_codes, relationship_code = EXCLUDED.relationship_code,
       ip_validated = EXCLUDED.ip_validated, is_intimate_partner = EXCLUDED.is_intimate_partner, arrest_made = EXCLUDED.arrest_made,
       weapon_code = EXCLUDED.weapon_code, weapon_involved = EXCLUDED.weapon_involved, injury_code = EXCLUDED.injury_code, children_present = EXCLUDED.children_present,
       narrative = EXCLUDED.narrative, reporting_officer = EXCLUDED.reporting_officer, violated_order_id = EXCLUDED.violated_order_id, po_violation = EXCLUDED.po_violation,
       record = EXCLUDED.record, content_hash = EXCLUDED.content_hash, version = incident.version + 1, updated_at = now()`,
    [
      col((_, w) => w.id),
      col((r) => r.agencyOri),
      col((r) => r.rmsNumber),
      col((r) => r.occurredAt),
      col((r) => r.reportedAt),
      col((r) => r.location),
      col((r) => r.offenses.map((o) => o.code).join(',')),
      col((r) =>
        r.offenses
          .filter((o) => o.attempted)
          .map((o) => o.code)
          .join(','),
      ),
      col((r) => r.relationshipCode),
      col((r) => r.intimatePartnerValidated),
      col((r) => isIntimatePartner(r)),
      col((r) => r.arrestMade),
      col((r) => r.weapon),
      col((r) => r.injury),
      col((r) => r.childrenPresent),
      col((r) => r.narrative),
      col((r) => r.reportingOfficer),
      col((_, w) => w.violatedOrderId),
      col((r) => isProtectiveOrderViolation(r)),
      col((r) => JSON.stringify(r)),
      col((_, w) => w.hash),
      col((r) => isWeaponInvolved(r)),
    ],
  );
}

/** Links each incident to its offender (replacing the links of amended incidents). */
export async function saveOffenderLinks(m: EntityManager, rows: readonly IncidentWrite[]): Promise<void> {
  const amended = rows.filter((r) => r.amended).map((r) => r.id);
  if (amended.length) await m.query('DELETE FROM incident_offender WHERE incident_id = ANY($1::uuid[])', [amended]);
  await m.query(`INSERT INTO incident_offender (incident_id, offender_id) SELECT * FROM unnest($1::uuid[], $2::uuid[]) ON CONFLICT DO NOTHING`, [
    rows.map((r) => r.id),
    rows.map((r) => r.record.offender.id),
  ]);
}

/** Upserts child rows by (incident, ordinal), keeping their ids; removes the ordinals an amendment dropped. */
async function saveChildren<T>(
  m: EntityManager,
  table: string,
  kind: string,
  rows: readonly IncidentWrite[],
  items: (r: IncidentRecord) => readonly T[],
  columns: readonly { name: string; type: string; value: (x: T) => unknown }[],
) {
  const flat = rows.flatMap((w) => items(w.record).map((x, ordinal) => ({ w, x, ordinal })));
  if (flat.length) {
    const names = columns.map((c) => c.name);
    await m.query(
      `INSERT INTO ${table} (id, incident_id, ordinal, ${names.join(', ')})
       SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::smallint[], ${columns.map((c, i) => `$${i + 4}::${c.type}[]`).join(', ')})
       ON CONFLICT (incident_id, ordinal) DO UPDATE SET ${names.map((n) => `${n} = EXCLUDED.${n}`).join(', ')}`,
      [
        flat.map((f) => childId(f.w.id, kind, f.ordinal)),
        flat.map((f) => f.w.id),
        flat.map((f) => f.ordinal),
        ...columns.map((c) => flat.map((f) => c.value(f.x))),
      ],
    );
  }
  const amended = rows.filter((r) => r.amended);
  if (amended.length) {
    await m.query(`DELETE FROM ${table} t USING unnest($1::uuid[], $2::int[]) AS u(id, n) WHERE t.incident_id = u.id AND t.ordinal >= u.n`, [
      amended.map((r) => r.id),
      amended.map((r) => items(r.record).length),
    ]);
  }
}

export async function saveVictims(m: EntityManager, rows: readonly IncidentWrite[]): Promise<void> {
  await saveChildren(m, 'incident_victim', 'victim', rows, (r) => r.victims, [
    { name: 'name', type: 'text', value: (v) => v.name },
    { name: 'date_of_birth', type: 'date', value: (v) => v.dateOfBirth },
    { name: 'phone', type: 'text', value: (v) => v.phone },
    { name: 'address', type: 'text', value: (v) => v.address },
    { name: 'injury_code', type: 'text', value: (v) => v.injury },
  ]);
}

export async function saveCharges(m: EntityManager, rows: readonly IncidentWrite[]): Promise<void> {
  await saveChildren(m, 'incident_charge', 'charge', rows, (r) => r.charges, [
    { name: 'statute', type: 'text', value: (c) => c.statute },
    { name: 'description', type: 'text', value: (c) => c.description },
    { name: 'dv_related', type: 'boolean', value: (c) => c.dvRelated },
    { name: 'felony', type: 'boolean', value: (c) => c.felony },
    { name: 'charged_on', type: 'date', value: (c) => c.chargedOn },
    { name: 'disposition', type: 'text', value: (c) => c.disposition },
    { name: 'disposition_date', type: 'date', value: (c) => c.dispositionDate },
  ]);
}

/** Columns of the 11 LAP answers (the entity's properties are the question keys). */
const SCREEN_COLUMNS = LAP_KEYS.map((k) => columnName(LethalityScreenEntity, k));

/** Saves each incident's lethality screen (one per incident); removes it when an amendment has none. */
export async function saveScreens(m: EntityManager, rows: readonly IncidentWrite[]): Promise<void> {
  const withScreen = rows.flatMap((w) => (w.record.lethalityScreen ? [{ id: w.id, s: w.record.lethalityScreen }] : []));
  if (withScreen.length) {
    const answers = LAP_KEYS.map((_, i) => `$${i + 8}::boolean[]`);
    const cols = ['id', 'incident_id', 'screened_at', 'administered_by', 'declined', 'officer_belief', 'spoke_with_hotline', ...SCREEN_COLUMNS];
    await m.query(
      `INSERT INTO lethality_screen (${cols.join(', ')})
       SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::timestamptz[], $4::text[], $5::boolean[], $6::boolean[], $7::boolean[], ${answers.join(', ')})
       ON CONFLICT (incident_id) DO UPDATE SET ${cols
         .slice(2)
         .map((c) => `${c} = EXCLUDED.${c}`)
         .join(', ')}`,
      [
        withScreen.map((x) => childId(x.id, 'screen', 0)),
        withScreen.map((x) => x.id),
        withScreen.map((x) => x.s.screenedAt),
        withScreen.map((x) => x.s.administeredBy),
        withScreen.map((x) => x.s.declined),
        withScreen.map((x) => x.s.officerBelief),
        withScreen.map((x) => x.s.spokeWithHotline),
        ...LAP_KEYS.map((k) => withScreen.map((x) => x.s.answers[k])),
      ],
    );
  }
  const without = rows.filter((w) => w.amended && !w.record.lethalityScreen).map((w) => w.id);
  if (without.length) await m.query('DELETE FROM lethality_screen WHERE incident_id = ANY($1::uuid[])', [without]);
}
