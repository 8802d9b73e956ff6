/**
 * The statements behind offender matching (domain/offender-matching.ts), set-based: the owners of
 * explicit ids, the records a batch of names may match, new records, person-link candidates and
 * identifiers added to existing records. Queries only: the matching decisions are the domain's.
 */
import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { OffenderEntity } from '../entities';
import { columns } from './columns';

/** Why another agency's record may be the same person (a candidate for a coordinator to review). */
export type PersonLinkReason = 'SAME_NAME_SAME_DOB' | 'ALIAS_SAME_DOB';

/** A stored record a draft may match. */
export type MatchCandidate = Pick<OffenderEntity, 'id' | 'ownerAgency' | 'normName' | 'dateOfBirth' | 'normAliases'>;

/** A "possible same person" pair to record for a coordinator. */
export interface Proposal {
  existingId: string;
  existingAgency: string;
  newId: string;
  newAgency: string;
  reasons: PersonLinkReason[];
}

export interface NewOffender {
  id: string;
  name: string;
  dateOfBirth: string | null;
  aliases: readonly string[];
  normAliases: readonly string[];
  stateId: string | null;
  localId: string | null;
  normName: string;
  ownerAgency: string;
}

export interface IdentifierAddition {
  id: string;
  aliases: readonly string[];
  normAliases: readonly string[];
  stateId: string | null;
  localId: string | null;
}

/** The owner agency of each existing record among `ids`. */
export async function ownersOf(m: EntityManager, ids: readonly string[]): Promise<Map<string, string | null>> {
  if (!ids.length) return new Map();
  const rows = (await m.query(`SELECT ${columns(OffenderEntity, 'o', ['id', 'ownerAgency'])} FROM offender o WHERE o.id = ANY($1::uuid[])`, [ids])) as Pick<
    OffenderEntity,
    'id' | 'ownerAgency'
  >[];
  return new Map(rows.map((r) => [r.id, r.ownerAgency]));
}

/** Records with one of the names (or aliases), or one of the dates of birth, oldest first. */
export async function matchCandidates(
  m: EntityManager,
  names: readonly string[],
  dobs: readonly string[],
  aliasNorms: readonly string[],
): Promise<MatchCandidate[]> {
  return m.query(
    `SELECT ${columns(OffenderEntity, 'o', ['id', 'ownerAgency', 'normName', 'dateOfBirth', 'normAliases'])} FROM offender o WHERE o.id IN (
       SELECT id FROM offender WHERE norm_name = ANY($1::text[] || $3::text[])
       UNION SELECT id FROM offender WHERE date_of_birth = ANY($2::date[])
       UNION SELECT a.id FROM unnest($1::text[]) AS n(name) CROSS JOIN LATERAL (SELECT id FROM offender WHERE norm_aliases @> ARRAY[n.name]) a)
     ORDER BY o.created_at, o.id`,
    [names, dobs, aliasNorms],
  ) as Promise<MatchCandidate[]>;
}

/** Records "possible same person" candidates (PENDING); a pair already proposed is left as it is. */
export async function insertLinkCandidates(m: EntityManager, proposals: readonly Proposal[]): Promise<void> {
  if (!proposals.length) return;
  await m.query(
    `INSERT INTO person_link_candidate (id, existing_offender_id, existing_agency, new_offender_id, new_agency, reasons)
     SELECT u.id, u.existing, u.existing_agency, u.new, u.new_agency, ARRAY(SELECT jsonb_array_elements_text(u.reasons))
     FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::uuid[], $5::text[], $6::jsonb[]) AS u(id, existing, existing_agency, new, new_agency, reasons)
     ON CONFLICT DO NOTHING`,
    [
      proposals.map(() => randomUUID()),
      proposals.map((p) => p.existingId),
      proposals.map((p) => p.existingAgency),
      proposals.map((p) => p.newId),
      proposals.map((p) => p.newAgency),
      proposals.map((p) => JSON.stringify(p.reasons)),
    ],
  );
}

/** Inserts new offender records; `keepExisting` leaves a record whose id is already stored as it is (the demo seed's re-runs). */
export async function insertOffenders(m: EntityManager, rows: readonly NewOffender[], keepExisting = false): Promise<void> {
  await m.query(
    `INSERT INTO offender (id, name, date_of_birth, aliases, norm_aliases, state_id, local_id, norm_name, owner_agency)
     SELECT u.id, u.name, u.dob, ARRAY(SELECT jsonb_array_elements_text(u.aliases)), ARRAY(SELECT jsonb_array_elements_text(u.norm_aliases)), u.state_id, u.local_id, u.norm, u.owner
     FROM unnest($1::uuid[], $2::text[], $3::date[], $4::jsonb[], $5::jsonb[], $6::text[], $7::text[], $8::text[], $9::text[]) AS u(id, name, dob, aliases, norm_aliases, state_id, local_id, norm, owner)
     ${keepExisting ? 'ON CONFLICT (id) DO NOTHING' : ''}`,
    [
      rows.map((r) => r.id),
      rows.map((r) => r.name),
      rows.map((r) => r.dateOfBirth),
      rows.map((r) => JSON.stringify(r.aliases)),
      rows.map((r) => JSON.stringify(r.normAliases)),
      rows.map((r) => r.stateId),
      rows.map((r) => r.localId),
      rows.map((r) => r.normName),
      rows.map((r) => r.ownerAgency),
    ],
  );
}

/** Adds aliases and fills missing state/local ids (never overwrites an identifier). */
export async function addIdentifiers(m: EntityManager, rows: readonly IdentifierAddition[]): Promise<void> {
  if (!rows.length) return;
  await m.query(
    `UPDATE offender o SET
       aliases = ARRAY(SELECT DISTINCT x FROM unnest(o.aliases || ARRAY(SELECT jsonb_array_elements_text(u.aliases))) x ORDER BY x),
       norm_aliases = ARRAY(SELECT DISTINCT x FROM unnest(o.norm_aliases || ARRAY(SELECT jsonb_array_elements_text(u.norm_aliases))) x ORDER BY x),
       state_id = coalesce(o.state_id, u.state_id), local_id = coalesce(o.local_id, u.local_id), updated_at = now()
     FROM unnest($1::uuid[], $2::jsonb[], $3::jsonb[], $4::text[], $5::text[]) AS u(id, aliases, norm_aliases, state_id, local_id)
     WHERE o.id = u.id AND (NOT ARRAY(SELECT jsonb_array_elements_text(u.aliases)) <@ o.aliases
       OR (o.state_id IS NULL AND u.state_id IS NOT NULL) OR (o.local_id IS NULL AND u.local_id IS NOT NULL))`,
    [
      rows.map((r) => r.id),
      rows.map((r) => JSON.stringify(r.aliases)),
      rows.map((r) => JSON.stringify(r.normAliases)),
      rows.map((r) => r.stateId),
      rows.map((r) => r.localId),
    ],
  );
}
