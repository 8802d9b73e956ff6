/**
 * Offender matching for writes, set-based (one batch of drafts in a few statements): an explicit id
 * must exist; name + date of birth reuses the exact match (normalized name, same date of birth) or
 * creates a new offender. Likely duplicates (same name with another date of birth, a similar name or
 * an alias with the same date of birth) are reported, never merged.
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

/**
 * Resolves every draft (in order). Offenders that do not exist yet are created (one per distinct
 * name + date of birth); aliases and identifiers a draft adds are stored on the matched offender.
 */
export async function resolveOffenders(m: EntityManager, drafts: readonly OffenderDraft[]): Promise<OffenderMatch[]> {
  const ids = [...new Set(drafts.flatMap((d) => (d.id ? [d.id] : [])))];
  const known = new Set(ids.length ? ((await m.query('SELECT id FROM offender WHERE id = ANY($1::uuid[])', [ids])) as { id: string }[]).map((r) => r.id) : []);
  const named = drafts.filter((d) => !d.id);
  const names = [...new Set(named.map((d) => normalizeName(d.name ?? '')))];
  const aliasNorms = [...new Set(named.flatMap((d) => d.aliases.map(normalizeName)))];
  const dobs = [...new Set(named.flatMap((d) => (d.dateOfBirth ? [d.dateOfBirth] : [])))];
  const candidates: Candidate[] = named.length
    ? await m.query(
        `SELECT id, norm_name, to_char(date_of_birth, 'YYYY-MM-DD') AS dob, norm_aliases FROM offender WHERE id IN (
           SELECT id FROM offender WHERE norm_name = ANY($1::text[] || $3::text[])
           UNION SELECT id FROM offender WHERE date_of_birth = ANY($2::date[])
           UNION SELECT a.id FROM unnest($1::text[]) AS n(name) CROSS JOIN LATERAL (SELECT id FROM offender WHERE norm_aliases @> ARRAY[n.name]) a)
         ORDER BY created_at, id`,
        [names, dobs, aliasNorms],
      )
    : [];
  const exact = new Map<string, string>();
  for (const c of candidates) if (!exact.has(`${c.norm_name}|${c.dob ?? ''}`)) exact.set(`${c.norm_name}|${c.dob ?? ''}`, c.id);

  const created = new Map<string, { id: string; draft: OffenderDraft; norm: string }>();
  const matches = drafts.map((d): OffenderMatch => {
    if (d.id) return { offenderId: known.has(d.id) ? d.id : null, isNew: false, duplicates: [] };
    const norm = normalizeName(d.name ?? '');
    const key = `${norm}|${d.dateOfBirth ?? ''}`;
    let id = exact.get(key) ?? created.get(key)?.id;
    const isNew = id === undefined;
    if (id === undefined) created.set(key, { id: (id = randomUUID()), draft: d, norm });
    return { offenderId: id, isNew, duplicates: duplicatesOf(norm, d.dateOfBirth, d.aliases.map(normalizeName), id, candidates) };
  });
  if (created.size) await insertOffenders(m, [...created.values()]);
  await addIdentifiers(m, drafts, matches);
  return matches;
}

async function insertOffenders(m: EntityManager, rows: { id: string; draft: OffenderDraft; norm: string }[]): Promise<void> {
  await m.query(
    `INSERT INTO offender (id, name, date_of_birth, aliases, norm_aliases, state_id, local_id, norm_name)
     SELECT u.id, u.name, u.dob, ARRAY(SELECT jsonb_array_elements_text(u.aliases)), ARRAY(SELECT jsonb_array_elements_text(u.norm_aliases)), u.state_id, u.local_id, u.norm
     FROM unnest($1::uuid[], $2::text[], $3::date[], $4::jsonb[], $5::jsonb[], $6::text[], $7::text[], $8::text[]) AS u(id, name, dob, aliases, norm_aliases, state_id, local_id, norm)`,
    [
      rows.map((r) => r.id), rows.map((r) => r.draft.name), rows.map((r) => r.draft.dateOfBirth), rows.map((r) => JSON.stringify(r.draft.aliases)),
      rows.map((r) => JSON.stringify(r.draft.aliases.map(normalizeName))), rows.map((r) => r.draft.stateId), rows.map((r) => r.draft.localId), rows.map((r) => r.norm),
    ],
  );
}

/** Adds aliases and fills missing state/local ids of matched offenders (never overwrites an identifier). */
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
