/**
 * The domain services of incidents, created per request (`ctx.domain`): the only write path, and the
 * lists that take arguments. Each validates its input (every problem at once), decides, and calls
 * repositories (queries only) inside one transaction.
 */
import type { DataSource } from 'typeorm';
import type { HubConfig, Principal } from '@ipvi/core';
import { createRepositories, type DomainEnv } from './env';
import { IncidentService } from './incident.service';
import { ListService } from './lists.service';
import { PersonLinkService } from './person-link.service';
import { ProtectiveOrderService } from './protective-order.service';

export function createDomain(principal: Principal, ds: DataSource, env: { readonly config: HubConfig; readonly now: () => Date }) {
  const domainEnv: DomainEnv = { ds, principal, config: env.config, now: env.now, repos: createRepositories(ds, principal, env.config) };
  const incidents = new IncidentService(domainEnv);
  return {
    incidents,
    protectiveOrders: new ProtectiveOrderService(domainEnv, incidents),
    personLinks: new PersonLinkService(domainEnv),
    lists: new ListService(domainEnv),
  };
}

export type IncidentsDomain = ReturnType<typeof createDomain>;
