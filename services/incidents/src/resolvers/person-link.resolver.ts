/** Person-link candidates, links, their feed and the decision payloads: rows to fields, records through the row-scoped loader. */
import type { PersonLinkCandidateRecordResolvers, PersonLinkCandidateResolvers, PersonLinkEventResolvers } from '../generated/resolvers';
import type { PersonLinkEventRow } from '../repositories/person-link-event.repository';
import type { CandidateRow } from '../repositories/person-link.repository';
import type { IncidentsContext as Ctx } from './context';

/** One side of a candidate: a record of one agency. */
export interface CandidateSide {
  agency: string;
  name: string;
  dateOfBirth: string | null;
  offenderId: string;
}

export const PersonLinkCandidate: PersonLinkCandidateResolvers = {
  existing: (c: CandidateRow): CandidateSide => ({
    agency: c.existingAgency,
    name: c.existingName,
    dateOfBirth: c.existingDob,
    offenderId: c.existingOffenderId,
  }),
  proposed: (c: CandidateRow): CandidateSide => ({ agency: c.newAgency, name: c.newName, dateOfBirth: c.newDob, offenderId: c.newOffenderId }),
  link: (c: CandidateRow, _: unknown, ctx: Ctx) => ctx.loaders.linkByCandidate.load(c.id),
};

export const PersonLinkCandidateRecord: PersonLinkCandidateRecordResolvers = {
  offender: (s: CandidateSide, _: unknown, ctx: Ctx) => ctx.loaders.offender.load(s.offenderId),
};

export const PersonLinkEvent: PersonLinkEventResolvers = {
  linkId: (e: PersonLinkEventRow) => e.payload.linkId,
  offenderIds: (e: PersonLinkEventRow) => e.payload.offenderIds,
  agencies: (e: PersonLinkEventRow) => e.payload.agencies,
};
