/**
 * The domain services of tiering, created per request (`ctx.domain`): the only write path, and the
 * lists that take arguments. Each validates its input with the shared zod rules (all problems at
 * once), decides, and calls repositories (queries only) inside one transaction. Writes are audited
 * once, by core's shield, from what each payload names.
 */
import type { DataSource } from 'typeorm';
import type { HubConfig, Principal } from '@ipvi/core';
import { CallInService } from './call-in.service';
import { createEnv } from './env';
import { NotificationService } from './notification.service';
import { ProviderReferralService } from './provider.service';
import { ReviewService } from './review.service';
import { RosterService } from './roster.service';
import { SiteService } from './site.service';
import { TierService } from './tier.service';

export function createDomain(principal: Principal, ds: DataSource, env: { readonly config: HubConfig; readonly now: () => Date }) {
  const e = createEnv(principal, ds, env.config, env.now);
  const notifications = new NotificationService(e);
  const base = { ds, principal, config: env.config, now: env.now, agencies: e.agencies };
  return {
    /** What the caller may see (agencies, the sharing agreement): explanations, incident lists and letters render by it. */
    scope: e.scope,
    tiers: new TierService(e),
    notifications,
    roster: new RosterService(e.repos.roster, env.config),
    callIns: new CallInService({ ...base, scope: e.program, delivery: notifications, reader: e.repos.callIns }),
    sites: new SiteService({ ...base, reader: e.repos.sites }),
    providers: new ProviderReferralService({ ds, principal, scope: e.scope, config: env.config, now: env.now }),
    reviews: new ReviewService({ ds, principal, now: env.now, agencies: e.agencies, reader: e.repos.reviews }),
  };
}

export type TieringDomain = ReturnType<typeof createDomain>;
