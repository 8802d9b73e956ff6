/**
 * Offender matching for writes, set-based (one batch of drafts in a few statements), always within
 * the recording agency's own records (each record has an owner agency): an explicit id must be one of
 * them; name + date of birth reuses the agency's exact match (normalized name, same date of birth) or
 * creates a new record. Likely duplicates among the agency's own records (same name with another date
 * of birth, a similar name or an alias with the same date of birth) are reported, never merged. Another
 * agency's matching record (same name or alias, same date of birth) is never reused or named: it
 * becomes a "possible same person" candidate for that agency's coordinators (README.md).
 */
import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import type { OffenderDraft } from '../model/incident-record';
import { normalizeName, similarNames } from '../model/names';

export type DuplicateReason = 'SAME_NAME_SAME_DOB' | 'SAME_NAME_DIFFERENT_DOB' | 'SIMILAR_NAME_SAME_DOB' | 'ALIAS_MATCH';

export interface PossibleDuplicate {
  readonly offenderId: string;
  readonly reason: DuplicateReason;
}

export interface OffenderMatch {
  /** The offender the draft resolves to; null when its explicit id does not exist. */
  offenderId: string | null;
  /** True when the offender is created by this write. */
  isNew: boolean;
  duplicates: PossibleDuplicate[];
}

interface Candidate {
  id: string;
  owner_agency: string | null;
  norm_name: string;
  dob: string | null;
  norm_aliases: string[];
}

const MAX_DUPLICATES = 10;

/** The advisory-lock key of a name + date of birth (taken before matching, so two writers never both create). */
export function offenderLockKey(d: OffenderDraft): string | null {
  return d.id ? null : `offender:${normalizeName(d.name ?? '')}|${d.dateOfBirth ?? ''}`;
}

function duplicatesOf(norm: string, dob: string | null, aliasNorms: readonly string[], self: string | null, candidates: readonly Candidate[]): PossibleDuplicate[] {
  const out: PossibleDuplicate[] = [];
  for (const c of candidates) {
    if (c.id === self || out.length >= MAX_DUPLICATES) continue;
    if (c.norm_name === norm) out.push({ offenderId: c.id, reason: c.dob === dob ? 'SAME_NAME_SAME_DOB' : 'SAME_NAME_DIFFERENT_DOB' });
    else if (c.dob === dob && similarNames(c.norm_name, norm)) out.push({ offenderId: c.id, reason: 'SIMILAR_NAME_SAME_DOB' });
    else if (c.norm_aliases.includes(norm) || aliasNorms.includes(c.norm_name)) out.push({ offenderId: c.id, reason: 'ALIAS_MATCH' });
  }
  return out;
}

/** A draft with the agency that records it (the owner of any record the write creates or matches). */
export interface OwnedDraft {
  readonly offender: OffenderDraft;
  readonly agency: string;
}

/** Why another agency's record may be the same person (a candidate for a coordinator to review). */
export type PersonLinkReason = 'SAME_NAME_SAME_DOB' | 'ALIAS_SAME_DOB';

/** Reasons another agency's record matches a draft: same normalized name or an alias match, always with the same date of birth. */
function crossAgencyReasons(norm: string, dob: string | null, aliasNorms: readonly string[], c: Candidate): PersonLinkReason[] {
  if (dob === null || c.dob !== dob) return [];
  const reasons: PersonLinkReason[] = [];
  if (c.norm_name === norm) reasons.push('SAME_NAME_SAME_DOB');
  if (c.norm_aliases.includes(norm) || aliasNorms.includes(c.norm_name) || c.norm_aliases.some((a) => aliasNorms.includes(a))) reasons.push('ALIAS_SAME_DOB');
  return reasons;
}

interface Proposal {
  existingId: string;
  existingAgency: string;
  newId: string;
  newAgency: string;
  reasons: PersonLinkReason[];
}

/**
 * Resolves every draft (in order) within the recording agency's own records: an explicit id must be
 * a record that agency owns (another agency's answers like a missing one); a name + date of birth
 * reuses the agency's exact match or creates a new record owned by it (one per distinct agency + name
 * + date of birth). Aliases and identifiers a draft adds go to the agency's own record only. A match
 * against another agency's record is never reused: it becomes a PENDING person-link candidate.
 */
export async function resolveOffenders(m: EntityManager, drafts: readonly OwnedDraft[]): Promise<OffenderMatch[]> {
  const ids = [...new Set(drafts.flatMap((d) => (d.offender.id ? [d.offender.id] : [])))];
  const owners = new Map(
    ids.length ? ((await m.query('SELECT id, owner_agency FROM offender WHERE id = ANY($1::uuid[])', [ids])) as { id: string; owner_agency: string | null }[]).map((r) => [r.id, r.owner_agency]) : [],
  );
  const named = drafts.filter((d) => !d.offender.id).map((d) => d.offender);
  const names = [...new Set(named.map((d) => normalizeName(d.name ?? '')))];
  const aliasNorms = [...new Set(named.flatMap((d) => d.aliases.map(normalizeName)))];
  const dobs = [...new Set(named.flatMap((d) => (d.dateOfBirth ? [d.dateOfBirth] : [])))];
  const candidates: Candidate[] = named.length
    ? await m.query(
        `SELECT id, owner_agency, norm_name, to_char(date_of_birth, 'YYYY-MM-DD') AS dob, norm_aliases FROM offender WHERE id IN (
           SELECT id FROM offender WHERE norm_name = ANY($1::text[] || $3::text[])
           UNION SELECT id FROM offender WHERE date_of_birth = ANY($2::date[])
           UNION SELECT a.id FROM unnest($1::text[]) AS n(name) CROSS JOIN LATERAL (SELECT id FROM offender WHERE norm_aliases @> ARRAY[n.name]) a)
         ORDER BY created_at, id`,
        [names, dobs, aliasNorms],
      )
    : [];
  const exact = new Map<string, string>();
  for (const c of candidates) {
    const key = `${c.owner_agency}|${c.norm_name}|${c.dob ?? ''}`;
    if (c.owner_agency !== null && !exact.has(key)) exact.set(key, c.id);
  }

  const created = new Map<string, { id: string; draft: OffenderDraft; norm: string; agency: string }>();
  const proposals: Proposal[] = [];
  const matches = drafts.map(({ offender: d, agency }): OffenderMatch => {
    if (d.id) return { offenderId: owners.get(d.id) === agency ? d.id : null, isNew: false, duplicates: [] };
    const norm = normalizeName(d.name ?? '');
    const key = `${agency}|${norm}|${d.dateOfBirth ?? ''}`;
    let id = exact.get(key) ?? created.get(key)?.id;
    const isNew = id === undefined;
    if (id === undefined) created.set(key, { id: (id = randomUUID()), draft: d, norm, agency });
    const aliases = d.aliases.map(normalizeName);
    for (const c of candidates) {
      if (c.owner_agency === null || c.owner_agency === agency) continue;
      const reasons = crossAgencyReasons(norm, d.dateOfBirth, aliases, c);
      if (reasons.length) proposals.push({ existingId: c.id, existingAgency: c.owner_agency, newId: id, newAgency: agency, reasons });
    }
    const own = candidates.filter((c) => c.owner_agency === agency);
    return { offenderId: id, isNew, duplicates: duplicatesOf(norm, d.dateOfBirth, aliases, id, own) };
  });
  if (created.size) await insertOffenders(m, [...created.values()]);
  await proposeLinks(m, proposals);
  await addIdentifiers(m, drafts.map((d) => d.offender), matches);
  return matches;
}

/** Records "possible same person" candidates (PENDING); a pair already proposed, in either direction, is left as it is. */
async function proposeLinks(m: EntityManager, all: readonly Proposal[]): Promise<void> {
  const byPair = new Map<string, Proposal>();
  for (const p of all) byPair.set([p.existingId, p.newId].sort().join('|'), byPair.get([p.existingId, p.newId].sort().join('|')) ?? p);
  const proposals = [...byPair.values()];
  if (!proposals.length) return;
  await m.query(
    `INSERT INTO person_link_candidate (id, existing_offender_id, existing_agency, new_offender_id, new_agency, reasons)
     SELECT u.id, u.existing, u.existing_agency, u.new, u.new_agency, ARRAY(SELECT jsonb_array_elements_text(u.reasons))
     FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::uuid[], $5::text[], $6::jsonb[]) AS u(id, existing, existing_agency, new, new_agency, reasons)
     ON CONFLICT DO NOTHING`,
    [
      proposals.map(() => randomUUID()), proposals.map((p) => p.existingId), proposals.map((p) => p.existingAgency), proposals.map((p) => p.newId),
      proposals.map((p) => p.newAgency), proposals.map((p) => JSON.stringify(p.reasons)),
    ],
  );
}

async function insertOffenders(m: EntityManager, rows: { id: string; draft: OffenderDraft; norm: string; agency: string }[]): Promise<void> {
  await m.query(
    `INSERT INTO offender (id, name, date_of_birth, aliases, norm_aliases, state_id, local_id, norm_name, owner_agency)
     SELECT u.id, u.name, u.dob, ARRAY(SELECT jsonb_array_elements_text(u.aliases)), ARRAY(SELECT jsonb_array_elements_text(u.norm_aliases)), u.state_id, u.local_id, u.norm, u.owner
     FROM unnest($1::uuid[], $2::text[], $3::date[], $4::jsonb[], $5::jsonb[], $6::text[], $7::text[], $8::text[], $9::text[]) AS u(id, name, dob, aliases, norm_aliases, state_id, local_id, norm, owner)`,
    [
      rows.map((r) => r.id), rows.map((r) => r.draft.name), rows.map((r) => r.draft.dateOfBirth), rows.map((r) => JSON.stringify(r.draft.aliases)),
      rows.map((r) => JSON.stringify(r.draft.aliases.map(normalizeName))), rows.map((r) => r.draft.stateId), rows.map((r) => r.draft.localId), rows.map((r) => r.norm), rows.map((r) => r.agency),
    ],
  );
}

/** Adds aliases and fills missing state/local ids of matched offenders, which are the recording agency's own (never overwrites an identifier). */
async function addIdentifiers(m: EntityManager, drafts: readonly OffenderDraft[], matches: readonly OffenderMatch[]): Promise<void> {
  const byId = new Map<string, { aliases: Set<string>; stateId: string | null; localId: string | null }>();
  drafts.forEach((d, i) => {
    const { offenderId, isNew } = matches[i]!;
    if (!offenderId || isNew || !(d.aliases.length || d.stateId || d.localId)) return;
    const acc = byId.get(offenderId) ?? { aliases: new Set<string>(), stateId: null, localId: null };
    d.aliases.forEach((a) => acc.aliases.add(a));
    acc.stateId ??= d.stateId;
    acc.localId ??= d.localId;
    byId.set(offenderId, acc);
  });
  if (!byId.size) return;
  const rows = [...byId].map(([id, a]) => ({ id, d: { aliases: [...a.aliases], stateId: a.stateId, localId: a.localId } }));
  await m.query(
    `UPDATE offender o SET
       aliases = ARRAY(SELECT DISTINCT x FROM unnest(o.aliases || ARRAY(SELECT jsonb_array_elements_text(u.aliases))) x ORDER BY x),
       norm_aliases = ARRAY(SELECT DISTINCT x FROM unnest(o.norm_aliases || ARRAY(SELECT jsonb_array_elements_text(u.norm_aliases))) x ORDER BY x),
       state_id = coalesce(o.state_id, u.state_id), local_id = coalesce(o.local_id, u.local_id), updated_at = now()
     FROM unnest($1::uuid[], $2::jsonb[], $3::jsonb[], $4::text[], $5::text[]) AS u(id, aliases, norm_aliases, state_id, local_id)
     WHERE o.id = u.id AND (NOT ARRAY(SELECT jsonb_array_elements_text(u.aliases)) <@ o.aliases
       OR (o.state_id IS NULL AND u.state_id IS NOT NULL) OR (o.local_id IS NULL AND u.local_id IS NOT NULL))`,
    [rows.map((r) => r.id), rows.map((r) => JSON.stringify(r.d.aliases)), rows.map((r) => JSON.stringify(r.d.aliases.map(normalizeName))), rows.map((r) => r.d.stateId), rows.map((r) => r.d.localId)],
  );
}
