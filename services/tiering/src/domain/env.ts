/** What every domain service of a request holds: the repositories (queries only), the caller, its row scopes, the site and the clock. */
import type { DataSource } from 'typeorm';
import { agencyScope, type HubConfig, type Principal } from '@ipvi/core';
import { CallInReader } from '../repositories/call-in.repository';
import { NotificationReader } from '../repositories/notification.reader';
import { PolicyReader } from '../repositories/policy.repository';
import { programScope, type ProgramScope } from '../repositories/program-scope';
import { ReviewReader } from '../repositories/review.repository';
import { RosterRepository } from '../repositories/roster.repository';
import { tieringScope, type TieringScope } from '../repositories/scope';
import { SiteReader } from '../repositories/site.repository';

export interface Repositories {
  readonly notifications: NotificationReader;
  readonly policies: PolicyReader;
  readonly callIns: CallInReader;
  readonly sites: SiteReader;
  readonly reviews: ReviewReader;
  readonly roster: RosterRepository;
}

export interface DomainEnv {
  readonly ds: DataSource;
  readonly principal: Principal;
  readonly config: HubConfig;
  readonly now: () => Date;
  /** What the caller may see and act on (see repositories/scope.ts). */
  readonly scope: TieringScope;
  /** The program workflows' scope (roster, call-ins: repositories/program-scope.ts). */
  readonly program: ProgramScope;
  /** Police agencies whose sessions, sites and reviews the caller reads. */
  readonly agencies: readonly string[];
  readonly repos: Repositories;
}

export function createEnv(principal: Principal, ds: DataSource, config: HubConfig, now: () => Date): DomainEnv {
  const scope = tieringScope(principal, config);
  const program = programScope(principal, config);
  const agencies = agencyScope(principal, config, 'notification').policeAgencies;
  return {
    ds,
    principal,
    config,
    now,
    scope,
    program,
    agencies,
    repos: {
      notifications: new NotificationReader(ds, scope, config, now),
      policies: new PolicyReader(ds),
      callIns: new CallInReader(ds, agencies),
      sites: new SiteReader(ds, agencies),
      reviews: new ReviewReader(ds, agencies),
      roster: new RosterRepository(ds, program),
    },
  };
}
