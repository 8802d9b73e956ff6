/**
 * "Possible same person" candidates and person links as the graph reads them. Reviewer scope, in
 * SQL like every row scope: a candidate (and its link) is visible to the COORDINATORs of the agency
 * owning its existing (earlier) record, and to partnership-wide coordinators; to everyone else it
 * does not exist. The officer whose write raised it, and that officer's agency, never see it.
 */
import type { DataSource, EntityManager } from 'typeorm';
import { connectionOf, isPartnershipCoordinator, normalizeAgency, pageOf, type Connection, type HubConfig, type PageArgs, type Principal } from '@ipvi/core';
import { OffenderEntity, PersonLinkCandidateEntity, PersonLinkEntity, type CandidateRow } from '../entities';
import { column, columns } from './columns';
import { isUuid, Params } from './scope';

export type CandidateStatus = 'PENDING' | 'CONFIRMED' | 'REJECTED' | 'UNLINKED';

export type { CandidateRow } from '../entities';
/** A link as the graph reads it: the whole row. */
export type LinkRow = PersonLinkEntity;

/** Who may review a candidate `c` (and undo its link): see the file comment. */
export function reviewerScopeSql(principal: Principal, config: HubConfig, param: (v: unknown) => string, c = 'c'): string {
  if (!principal.roles.includes('COORDINATOR')) return 'false';
  if (isPartnershipCoordinator(config, principal)) return 'true';
  return `${c}.existing_agency = ${param(normalizeAgency(principal.agency))}`;
}

/** The candidate's columns and each record's name and date of birth, under CandidateRow's names. */
const sideColumns = (alias: string, side: 'existing' | 'new') =>
  `${alias}.name AS "${side}Name", ${column(OffenderEntity, alias, 'dateOfBirth').replace('AS "dateOfBirth"', `AS "${side}Dob"`)}`;
export const CANDIDATE_COLUMNS = `${columns(PersonLinkCandidateEntity, 'c')}, ${sideColumns('eo', 'existing')}, ${sideColumns('no', 'new')}`;
export const CANDIDATE_FROM = `person_link_candidate c JOIN offender eo ON eo.id = c.existing_offender_id JOIN offender no ON no.id = c.new_offender_id`;
const LINK_COLUMNS = columns(PersonLinkEntity, 'l');

export class PersonLinkRepository {
  constructor(
    private readonly ds: DataSource,
    private readonly principal: Principal,
    private readonly config: HubConfig,
  ) {}

  private scope(p: Params): string {
    return reviewerScopeSql(this.principal, this.config, p.add);
  }

  /** Candidates the caller may review, oldest first, optionally of one status. */
  async list(args: PageArgs & { filter?: { status?: CandidateStatus | null } | null }): Promise<Connection<CandidateRow>> {
    const page = pageOf(args);
    const p = new Params();
    const where = [this.scope(p)];
    if (args.filter?.status) where.push(`c.status = ${p.add(args.filter.status)}`);
    const cursor = page.after ? `(c.proposed_at, c.id) > (${p.add(page.after[0])}::timestamptz, ${p.add(page.after[1])}::uuid)` : undefined;
    const [{ n, preceding }] = (await this.ds.query(
      `SELECT count(*)::int AS n, count(*) FILTER (WHERE ${cursor ? `NOT ${cursor}` : 'false'})::int AS preceding FROM person_link_candidate c WHERE ${where.join(' AND ')}`,
      p.values,
    )) as [{ n: number; preceding: number }];
    if (cursor) where.push(cursor);
    const rows = (await this.ds.query(
      `SELECT ${CANDIDATE_COLUMNS} FROM ${CANDIDATE_FROM} WHERE ${where.join(' AND ')} ORDER BY c.proposed_at, c.id LIMIT ${page.limit + 1}`,
      p.values,
    )) as CandidateRow[];
    return connectionOf(rows, page.limit, n, (r) => [r.proposedAt.toISOString(), r.id], preceding);
  }

  async candidatesByIds(ids: readonly string[]): Promise<CandidateRow[]> {
    const p = new Params();
    return this.ds.query(
      `SELECT ${CANDIDATE_COLUMNS} FROM ${CANDIDATE_FROM} WHERE c.id = ANY(${p.add(ids.filter(isUuid))}::uuid[]) AND ${this.scope(p)}`,
      p.values,
    );
  }

  /** The links (confirmed, possibly undone) of candidates the caller may review. */
  async linksByCandidateIds(candidateIds: readonly string[]): Promise<LinkRow[]> {
    const p = new Params();
    return this.ds.query(
      `SELECT ${LINK_COLUMNS} FROM person_link l JOIN person_link_candidate c ON c.id = l.candidate_id
       WHERE l.candidate_id = ANY(${p.add(candidateIds.filter(isUuid))}::uuid[]) AND ${this.scope(p)}`,
      p.values,
    );
  }

  /** A candidate the caller may review, locked for a decision (inside the caller's transaction); undefined when missing or not theirs. */
  async lockCandidate(m: EntityManager, id: string): Promise<CandidateRow | undefined> {
    if (!isUuid(id)) return undefined;
    const p = new Params();
    const rows = (await m.query(
      `SELECT ${CANDIDATE_COLUMNS} FROM ${CANDIDATE_FROM} WHERE c.id = ${p.add(id)}::uuid AND ${this.scope(p)} FOR UPDATE OF c`,
      p.values,
    )) as CandidateRow[];
    return rows[0];
  }

  /** A link the caller may undo, locked (inside the caller's transaction); undefined when missing or not theirs. */
  async lockLink(m: EntityManager, id: string): Promise<LinkRow | undefined> {
    if (!isUuid(id)) return undefined;
    const p = new Params();
    const rows = (await m.query(
      `SELECT ${LINK_COLUMNS} FROM person_link l JOIN person_link_candidate c ON c.id = l.candidate_id
       WHERE l.id = ${p.add(id)}::uuid AND ${this.scope(p)} FOR UPDATE OF l, c`,
      p.values,
    )) as LinkRow[];
    return rows[0];
  }

  /** Records a coordinator's decision on a candidate (inside the caller's transaction). */
  async decide(
    m: EntityManager,
    candidateId: string,
    d: { status: 'CONFIRMED' | 'REJECTED'; at: Date; by: string; byAgency: string; justification: string },
  ): Promise<void> {
    await m.query(
      `UPDATE person_link_candidate SET status = $2, decided_at = $3, decided_by = $4, decided_by_agency = $5, decision_justification = $6 WHERE id = $1`,
      [candidateId, d.status, d.at, d.by, d.byAgency, d.justification],
    );
  }

  /** Inserts the link a confirmation makes between the candidate's two records. */
  async insertLink(m: EntityManager, l: { id: string; candidate: CandidateRow; at: Date; by: string; byAgency: string; justification: string }): Promise<void> {
    const c = l.candidate;
    await m.query(
      `INSERT INTO person_link (id, candidate_id, offender_ids, agencies, linked_at, linked_by, linked_by_agency, link_justification)
       VALUES ($1, $2, ARRAY[$3, $4]::uuid[], ARRAY[$5, $6]::text[], $7, $8, $9, $10)`,
      [l.id, c.id, c.existingOffenderId, c.newOffenderId, c.existingAgency, c.newAgency, l.at, l.by, l.byAgency, l.justification],
    );
  }

  /** Marks a link undone and its candidate UNLINKED. */
  async markUnlinked(m: EntityManager, link: LinkRow, u: { at: Date; by: string; byAgency: string; justification: string }): Promise<void> {
    await m.query(`UPDATE person_link SET unlinked_at = $2, unlinked_by = $3, unlinked_by_agency = $4, unlink_justification = $5 WHERE id = $1`, [
      link.id,
      u.at,
      u.by,
      u.byAgency,
      u.justification,
    ]);
    await m.query(`UPDATE person_link_candidate SET status = 'UNLINKED' WHERE id = $1`, [link.candidateId]);
  }
}

/** Partner agencies holding a record linked (in force) to each of the given records: ORIs only. */
export async function linkedAgencies(ds: DataSource, offenderIds: readonly string[]): Promise<{ offenderId: string; agency: string }[]> {
  return ds.query(
    `SELECT DISTINCT o.id AS "offenderId", l.agencies[3 - array_position(l.offender_ids, o.id)] AS agency
     FROM unnest($1::uuid[]) AS o(id) JOIN person_link l ON l.offender_ids @> ARRAY[o.id] AND l.unlinked_at IS NULL
     ORDER BY 1, 2`,
    [offenderIds.filter(isUuid)],
  );
}
