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
import {
  addIdentifiers,
  insertLinkCandidates,
  insertOffenders,
  matchCandidates,
  ownersOf,
  type IdentifierAddition,
  type MatchCandidate as Candidate,
  type PersonLinkReason,
  type Proposal,
} from '../repositories/offender-rows';

export type { PersonLinkReason } from '../repositories/offender-rows';

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

const MAX_DUPLICATES = 10;

/** The advisory-lock key of a name + date of birth (taken before matching, so two writers never both create). */
export function offenderLockKey(d: OffenderDraft): string | null {
  return d.id ? null : `offender:${normalizeName(d.name ?? '')}|${d.dateOfBirth ?? ''}`;
}

function duplicatesOf(
  norm: string,
  dob: string | null,
  aliasNorms: readonly string[],
  self: string | null,
  candidates: readonly Candidate[],
): PossibleDuplicate[] {
  const out: PossibleDuplicate[] = [];
  for (const c of candidates) {
    if (c.id === self || out.length >= MAX_DUPLICATES) continue;
    if (c.normName === norm) out.push({ offenderId: c.id, reason: c.dateOfBirth === dob ? 'SAME_NAME_SAME_DOB' : 'SAME_NAME_DIFFERENT_DOB' });
    else if (c.dateOfBirth === dob && similarNames(c.normName, norm)) out.push({ offenderId: c.id, reason: 'SIMILAR_NAME_SAME_DOB' });
    else if (c.normAliases.includes(norm) || aliasNorms.includes(c.normName)) out.push({ offenderId: c.id, reason: 'ALIAS_MATCH' });
  }
  return out;
}

/** A draft with the agency that records it (the owner of any record the write creates or matches). */
export interface OwnedDraft {
  readonly offender: OffenderDraft;
  readonly agency: string;
}

/** Reasons another agency's record matches a draft: same normalized name or an alias match, always with the same date of birth. */
function crossAgencyReasons(norm: string, dob: string | null, aliasNorms: readonly string[], c: Candidate): PersonLinkReason[] {
  if (dob === null || c.dateOfBirth !== dob) return [];
  const reasons: PersonLinkReason[] = [];
  if (c.normName === norm) reasons.push('SAME_NAME_SAME_DOB');
  if (c.normAliases.includes(norm) || aliasNorms.includes(c.normName) || c.normAliases.some((a) => aliasNorms.includes(a))) reasons.push('ALIAS_SAME_DOB');
  return reasons;
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
  const owners = await ownersOf(m, ids);
  const named = drafts.filter((d) => !d.offender.id).map((d) => d.offender);
  const names = [...new Set(named.map((d) => normalizeName(d.name ?? '')))];
  const aliasNorms = [...new Set(named.flatMap((d) => d.aliases.map(normalizeName)))];
  const dobs = [...new Set(named.flatMap((d) => (d.dateOfBirth ? [d.dateOfBirth] : [])))];
  const candidates = named.length ? await matchCandidates(m, names, dobs, aliasNorms) : [];
  const exact = new Map<string, string>();
  for (const c of candidates) {
    const key = `${c.ownerAgency}|${c.normName}|${c.dateOfBirth ?? ''}`;
    if (c.ownerAgency !== null && !exact.has(key)) exact.set(key, c.id);
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
      if (c.ownerAgency === null || c.ownerAgency === agency) continue;
      const reasons = crossAgencyReasons(norm, d.dateOfBirth, aliases, c);
      if (reasons.length) proposals.push({ existingId: c.id, existingAgency: c.ownerAgency, newId: id, newAgency: agency, reasons });
    }
    const own = candidates.filter((c) => c.ownerAgency === agency);
    return { offenderId: id, isNew, duplicates: duplicatesOf(norm, d.dateOfBirth, aliases, id, own) };
  });
  if (created.size) {
    await insertOffenders(
      m,
      [...created.values()].map(({ id, draft, norm, agency }) => ({
        id,
        name: draft.name ?? '',
        dateOfBirth: draft.dateOfBirth,
        aliases: draft.aliases,
        normAliases: draft.aliases.map(normalizeName),
        stateId: draft.stateId,
        localId: draft.localId,
        normName: norm,
        ownerAgency: agency,
      })),
    );
  }
  await insertLinkCandidates(m, uniquePairs(proposals));
  await addIdentifiers(
    m,
    identifierAdditions(
      drafts.map((d) => d.offender),
      matches,
    ),
  );
  return matches;
}

/** One proposal per pair of records, whichever direction it was found in first. */
function uniquePairs(all: readonly Proposal[]): Proposal[] {
  const byPair = new Map<string, Proposal>();
  for (const p of all) {
    const key = [p.existingId, p.newId].sort().join('|');
    if (!byPair.has(key)) byPair.set(key, p);
  }
  return [...byPair.values()];
}

/** Aliases and missing state/local ids that drafts add to matched (existing, own) records, one entry per record. */
function identifierAdditions(drafts: readonly OffenderDraft[], matches: readonly OffenderMatch[]): IdentifierAddition[] {
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
  return [...byId].map(([id, a]) => ({ id, aliases: [...a.aliases], normAliases: [...a.aliases].map(normalizeName), stateId: a.stateId, localId: a.localId }));
}
