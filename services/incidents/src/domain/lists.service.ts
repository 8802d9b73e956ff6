/** The root lists that take arguments (pages, filters, a search): arguments validated with the shared rules, then one repository query. */
import { z } from 'zod';
import { agency, Problems, type Connection, type PageArgs } from '@ipvi/core';
import type { IncidentEventRow } from '../repositories/event.repository';
import type { IncidentFilter, IncidentRow } from '../repositories/incident.repository';
import type { OffenderRow } from '../repositories/offender.repository';
import type { PersonLinkEventRow } from '../repositories/person-link-event.repository';
import type { CandidateRow, CandidateStatus } from '../repositories/person-link.repository';
import type { DomainEnv } from './env';

export class ListService {
  constructor(private readonly env: DomainEnv) {}

  /** `search` (the contract's argument) and `filter.search` are one filter: given both, both must match. */
  offenders(args: PageArgs & { search?: string | null; filter?: { search?: string | null } | null }): Promise<Connection<OffenderRow>> {
    const searches = [args.search, args.filter?.search].filter((x): x is string => typeof x === 'string' && x.trim() !== '');
    return this.env.repos.offenders.list({ first: args.first, after: args.after, searches });
  }

  /**
   * An incident filter (of `Query.incidents` and `Offender.incidents`), checked: an agency in it is a configured
   * partner police agency, normalised; anything else is BAD_USER_INPUT on `filter.agencyOri` (never echoed).
   */
  incidentFilter(filter: IncidentFilter | null | undefined): IncidentFilter | null {
    if (filter?.agencyOri == null) return filter ?? null;
    const p = new Problems('filter');
    const agencyOri = p.done(p.parse(z.object({ agencyOri: agency(this.env.config, ['police']) }), { agencyOri: filter.agencyOri })).agencyOri;
    return { ...filter, agencyOri };
  }

  incidents(args: PageArgs & { filter?: IncidentFilter | null }): Promise<Connection<IncidentRow>> {
    return this.env.repos.incidents.list(args, this.incidentFilter(args.filter));
  }

  incidentEvents(args: PageArgs): Promise<Connection<IncidentEventRow>> {
    return this.env.repos.incidentEvents.page(args);
  }

  personLinkCandidates(args: PageArgs & { filter?: { status?: CandidateStatus | null } | null }): Promise<Connection<CandidateRow>> {
    return this.env.repos.personLinks.list(args);
  }

  personLinkEvents(args: PageArgs): Promise<Connection<PersonLinkEventRow>> {
    return this.env.repos.personLinkEvents.page(args);
  }
}
