/**
 * The domain services of victim-services, created per request (`ctx.domain`): the only write path,
 * and the lists that take arguments. Each validates its input with the shared zod rules (all problems
 * at once), decides, and calls repositories (queries only) inside one transaction.
 */
import type { DataSource } from 'typeorm';
import type { HubConfig, Principal } from '@ipvi/core';
import { CareService } from './care.service';
import { ClearanceService } from './clearance.service';
import { ClientService } from './client.service';
import { ConsentService } from './consent.service';
import { createRepositories, type DomainEnv } from './env';
import { ReferralService } from './referral.service';

export function createDomain(principal: Principal, ds: DataSource, env: { readonly config: HubConfig; readonly now: () => Date }) {
  const domainEnv: DomainEnv = {
    ds,
    principal,
    config: env.config,
    now: env.now,
    repos: createRepositories({ ds, principal, config: env.config, now: env.now }),
  };
  return {
    referrals: new ReferralService(domainEnv),
    clients: new ClientService(domainEnv),
    care: new CareService(domainEnv),
    consents: new ConsentService(domainEnv),
    clearances: new ClearanceService(domainEnv),
  };
}

export type VictimServicesDomain = ReturnType<typeof createDomain>;
