/**
 * A coordinator's decisions on "possible same person" candidates: confirm (a link), reject, and undo
 * a link. Each validates (shared rules), then decides inside ONE transaction that locks the candidate,
 * records who, when and why, and (for a link or its undoing) writes the feed event. A candidate or link
 * the caller may not review answers exactly like a missing one (NOT_FOUND). The mutation's audit WRITE
 * entry names the candidate and the link (core's write audit, from the payload).
 */
import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { z } from 'zod';
import { conflict, id, normalizeAgency, notFound, parseInput, requiredText } from '@ipvi/core';
import { PersonLinkEventRepository } from '../repositories/person-link-event.repository';
import type { CandidateRow, LinkRow } from '../repositories/person-link.repository';
import type { DomainEnv } from './env';

export interface DecisionInput {
  readonly candidateId: string;
  readonly justification: string;
}

export interface UnlinkInput {
  readonly linkId: string;
  readonly justification: string;
}

/** What a decision returns: the decided candidate, and the link a confirmation made or the link undone. */
export interface DecisionResult {
  readonly candidate: CandidateRow;
  readonly link?: LinkRow;
}

/** The reason a coordinator gives: required, trimmed, at most 2000 characters (never echoed back in an error). */
const MAX_JUSTIFICATION = 2000;
const decisionInput = z.object({ candidateId: id(), justification: requiredText(MAX_JUSTIFICATION) });
const unlinkInput = z.object({ linkId: id(), justification: requiredText(MAX_JUSTIFICATION) });

export class PersonLinkService {
  constructor(private readonly env: DomainEnv) {}

  private get actor() {
    return { by: this.env.principal.sub, byAgency: normalizeAgency(this.env.principal.agency) };
  }

  private async pending(m: EntityManager, candidateId: string): Promise<CandidateRow> {
    const c = await this.env.repos.personLinks.lockCandidate(m, candidateId);
    if (!c) throw notFound('Person-link candidate');
    if (c.status !== 'PENDING') throw conflict(`This candidate was already decided (${c.status}).`);
    return c;
  }

  /** The candidate and link as stored after the transaction (row-scoped reads). */
  private async reread(candidateId: string): Promise<DecisionResult> {
    const [candidate] = await this.env.repos.personLinks.candidatesByIds([candidateId]);
    const [link] = await this.env.repos.personLinks.linksByCandidateIds([candidateId]);
    if (!candidate) throw notFound('Person-link candidate');
    return link ? { candidate, link } : { candidate };
  }

  async confirm(input: DecisionInput): Promise<DecisionResult> {
    const v = parseInput(decisionInput, input);
    const candidateId = await this.env.ds.transaction(async (m) => {
      const c = await this.pending(m, v.candidateId);
      const at = this.env.now();
      await this.env.repos.personLinks.decide(m, c.id, { status: 'CONFIRMED', at, justification: v.justification, ...this.actor });
      const linkId = randomUUID();
      await this.env.repos.personLinks.insertLink(m, { id: linkId, candidate: c, at, justification: v.justification, ...this.actor });
      await PersonLinkEventRepository.append(m, 'PERSONS_LINKED', linkId);
      return c.id;
    });
    return this.reread(candidateId);
  }

  async reject(input: DecisionInput): Promise<DecisionResult> {
    const v = parseInput(decisionInput, input);
    const candidateId = await this.env.ds.transaction(async (m) => {
      const c = await this.pending(m, v.candidateId);
      await this.env.repos.personLinks.decide(m, c.id, { status: 'REJECTED', at: this.env.now(), justification: v.justification, ...this.actor });
      return c.id;
    });
    return { candidate: (await this.reread(candidateId)).candidate };
  }

  async unlink(input: UnlinkInput): Promise<DecisionResult> {
    const v = parseInput(unlinkInput, input);
    const candidateId = await this.env.ds.transaction(async (m) => {
      const link = await this.env.repos.personLinks.lockLink(m, v.linkId);
      if (!link) throw notFound('Person link');
      if (link.unlinkedAt !== null) throw conflict('This link was already undone.');
      await this.env.repos.personLinks.markUnlinked(m, link, { at: this.env.now(), justification: v.justification, ...this.actor });
      await PersonLinkEventRepository.append(m, 'PERSONS_UNLINKED', link.id);
      return link.candidateId;
    });
    return this.reread(candidateId);
  }
}
