/** What every domain service of a request holds: the repositories (queries only), the caller, the site and the clock. */
import type { DataSource } from 'typeorm';
import type { HubConfig, Principal } from '@ipvi/core';
import { IncidentEventRepository } from '../repositories/event.repository';
import { IncidentRepository } from '../repositories/incident.repository';
import { OffenderRepository } from '../repositories/offender.repository';
import { PersonLinkEventRepository } from '../repositories/person-link-event.repository';
import { PersonLinkRepository } from '../repositories/person-link.repository';
import { ProtectiveOrderRepository } from '../repositories/protective-order.repository';

export interface Repositories {
  readonly incidents: IncidentRepository;
  readonly offenders: OffenderRepository;
  readonly orders: ProtectiveOrderRepository;
  readonly personLinks: PersonLinkRepository;
  readonly incidentEvents: IncidentEventRepository;
  readonly personLinkEvents: PersonLinkEventRepository;
}

export interface DomainEnv {
  readonly ds: DataSource;
  readonly principal: Principal;
  readonly config: HubConfig;
  readonly now: () => Date;
  readonly repos: Repositories;
}

export function createRepositories(ds: DataSource, principal: Principal, config: HubConfig): Repositories {
  return {
    incidents: new IncidentRepository(ds, principal, config),
    offenders: new OffenderRepository(ds, principal, config),
    orders: new ProtectiveOrderRepository(ds, principal, config),
    personLinks: new PersonLinkRepository(ds, principal, config),
    incidentEvents: new IncidentEventRepository(ds),
    personLinkEvents: new PersonLinkEventRepository(ds),
  };
}
