/** Person-link candidates, links, their feed and the decision payloads: rows to fields, records through the row-scoped loader. */
import type { PersonLinkCandidateRecordResolvers, PersonLinkCandidateResolvers, PersonLinkEventResolvers, PersonLinkResolvers } from '../generated/resolvers';
import type { PersonLinkEventRow } from '../repositories/person-link-event.repository';
import type { CandidateRow, LinkRow } from '../repositories/person-link.repository';
import type { IncidentsContext as Ctx } from './context';

/** One side of a candidate: a record of one agency. */
export interface CandidateSide {
  agency: string;
  name: string;
  dateOfBirth: string | null;
  offenderId: string;
}

export const PersonLinkCandidate: PersonLinkCandidateResolvers = {
  proposedAt: (c: CandidateRow) => c.proposed_at,
  existing: (c: CandidateRow): CandidateSide => ({
    agency: c.existing_agency,
    name: c.existing_name,
    dateOfBirth: c.existing_dob,
    offenderId: c.existing_offender_id,
  }),
  proposed: (c: CandidateRow): CandidateSide => ({ agency: c.new_agency, name: c.new_name, dateOfBirth: c.new_dob, offenderId: c.new_offender_id }),
  decidedAt: (c: CandidateRow) => c.decided_at,
  decidedBy: (c: CandidateRow) => c.decided_by,
  decidedByAgency: (c: CandidateRow) => c.decided_by_agency,
  decisionJustification: (c: CandidateRow) => c.decision_justification,
  link: (c: CandidateRow, _: unknown, ctx: Ctx) => ctx.loaders.linkByCandidate.load(c.id),
};

export const PersonLinkCandidateRecord: PersonLinkCandidateRecordResolvers = {
  offender: (s: CandidateSide, _: unknown, ctx: Ctx) => ctx.loaders.offender.load(s.offenderId),
};

export const PersonLink: PersonLinkResolvers = {
  linkedAt: (l: LinkRow) => l.linked_at,
  linkedBy: (l: LinkRow) => l.linked_by,
  linkedByAgency: (l: LinkRow) => l.linked_by_agency,
  linkJustification: (l: LinkRow) => l.link_justification,
  unlinkedAt: (l: LinkRow) => l.unlinked_at,
  unlinkedBy: (l: LinkRow) => l.unlinked_by,
  unlinkedByAgency: (l: LinkRow) => l.unlinked_by_agency,
  unlinkJustification: (l: LinkRow) => l.unlink_justification,
};

export const PersonLinkEvent: PersonLinkEventResolvers = {
  recordedAt: (e: PersonLinkEventRow) => e.recorded_at,
  linkId: (e: PersonLinkEventRow) => e.payload.linkId,
  offenderIds: (e: PersonLinkEventRow) => e.payload.offenderIds,
  agencies: (e: PersonLinkEventRow) => e.payload.agencies,
};
