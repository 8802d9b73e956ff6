/**
 * A coordinator's decisions on "possible same person" candidates: confirm (a link), reject, and undo
 * a link. Each validates, then decides inside ONE transaction that locks the candidate, records who,
 * when and why, and (for a link or its undoing) writes the feed event. A candidate or link the caller
 * may not review answers exactly like a missing one (NOT_FOUND). The mutation's audit WRITE entry
 * names the candidate and the link (core's write audit).
 */
import { randomUUID } from 'node:crypto';
import type { DataSource, EntityManager } from 'typeorm';
import { conflict, InputError, normalizeAgency, notFound, type Principal } from '@ipvi/core';
import { PersonLinkEventRepository } from './person-link-event.repository';
import type { CandidateRow, LinkRow, PersonLinkRepository } from './person-link.repository';

export interface DecisionInput {
  readonly candidateId: string;
  readonly justification: string;
}

export interface UnlinkInput {
  readonly linkId: string;
  readonly justification: string;
}

export interface DecisionResult {
  /** The decided candidate (its id is in the audit entry). */
  readonly candidate: { readonly id: string };
  /** The link a confirmation made, or the link undone. */
  readonly link?: { readonly id: string };
}

const MAX_JUSTIFICATION = 2000;

/** The reason a coordinator gives: required, trimmed, at most 2000 characters (never echoed back in an error). */
function justificationOf(raw: unknown): string {
  const s = typeof raw === 'string' ? raw.trim() : '';
  if (!s) throw new InputError('input.justification', 'is required: say why');
  if (s.length > MAX_JUSTIFICATION) throw new InputError('input.justification', `must be at most ${MAX_JUSTIFICATION} characters`);
  return s;
}

export class PersonLinkCommands {
  constructor(
    private readonly ds: DataSource,
    private readonly principal: Principal,
    private readonly now: () => Date,
    private readonly read: PersonLinkRepository,
    /** Called after a commit (clears the request's loader caches). */
    private readonly afterWrite: () => void,
  ) {}

  private get actor() {
    return { sub: this.principal.sub, agency: normalizeAgency(this.principal.agency) };
  }

  private async pending(m: EntityManager, candidateId: string): Promise<CandidateRow> {
    const c = await this.read.lockCandidate(m, String(candidateId));
    if (!c) throw notFound('Person-link candidate');
    if (c.status !== 'PENDING') throw conflict(`This candidate was already decided (${c.status}).`);
    return c;
  }

  private async decide(m: EntityManager, c: CandidateRow, status: 'CONFIRMED' | 'REJECTED', why: string, at: Date): Promise<void> {
    await m.query(
      `UPDATE person_link_candidate SET status = $2, decided_at = $3, decided_by = $4, decided_by_agency = $5, decision_justification = $6 WHERE id = $1`,
      [c.id, status, at, this.actor.sub, this.actor.agency, why],
    );
  }

  async confirm(input: DecisionInput): Promise<DecisionResult> {
    const why = justificationOf(input.justification);
    const result = await this.ds.transaction(async (m) => {
      const c = await this.pending(m, input.candidateId);
      const at = this.now();
      await this.decide(m, c, 'CONFIRMED', why, at);
      const linkId = randomUUID();
      await m.query(
        `INSERT INTO person_link (id, candidate_id, offender_ids, agencies, linked_at, linked_by, linked_by_agency, link_justification)
         VALUES ($1, $2, ARRAY[$3, $4]::uuid[], ARRAY[$5, $6]::text[], $7, $8, $9, $10)`,
        [linkId, c.id, c.existing_offender_id, c.new_offender_id, c.existing_agency, c.new_agency, at, this.actor.sub, this.actor.agency, why],
      );
      await PersonLinkEventRepository.append(m, 'PERSONS_LINKED', linkId);
      return { candidate: { id: c.id }, link: { id: linkId } };
    });
    this.afterWrite();
    return result;
  }

  async reject(input: DecisionInput): Promise<DecisionResult> {
    const why = justificationOf(input.justification);
    const result = await this.ds.transaction(async (m) => {
      const c = await this.pending(m, input.candidateId);
      await this.decide(m, c, 'REJECTED', why, this.now());
      return { candidate: { id: c.id } };
    });
    this.afterWrite();
    return result;
  }

  async unlink(input: UnlinkInput): Promise<DecisionResult> {
    const why = justificationOf(input.justification);
    const result = await this.ds.transaction(async (m) => {
      const link: LinkRow | undefined = await this.read.lockLink(m, String(input.linkId));
      if (!link) throw notFound('Person link');
      if (link.unlinked_at !== null) throw conflict('This link was already undone.');
      const at = this.now();
      await m.query(
        `UPDATE person_link SET unlinked_at = $2, unlinked_by = $3, unlinked_by_agency = $4, unlink_justification = $5 WHERE id = $1`,
        [link.id, at, this.actor.sub, this.actor.agency, why],
      );
      await m.query(`UPDATE person_link_candidate SET status = 'UNLINKED' WHERE id = $1`, [link.candidate_id]);
      await PersonLinkEventRepository.append(m, 'PERSONS_UNLINKED', link.id);
      return { candidate: { id: link.candidate_id }, link: { id: link.id } };
    });
    this.afterWrite();
    return result;
  }
}
