/** Repositories and DataLoaders of the victim-services subgraph, created per request with the caller's scope. */
import type { DataSource } from 'typeorm';
import { listLoader, rowLoader, type HubConfig, type Principal } from '@ipvi/core';
import { ClearanceEventRepository } from './repositories/clearance-event.repository';
import { ClearanceRepository } from './repositories/clearance.repository';
import { ClientRepository } from './repositories/client.repository';
import { ConsentRepository } from './repositories/consent.repository';
import { DangerAssessmentRepository } from './repositories/danger-assessment.repository';
import { OutreachRepository } from './repositories/outreach.repository';
import { ReferralRepository } from './repositories/referral.repository';
import { ReleaseRepository } from './repositories/release.repository';
import { SafetyPlanRepository } from './repositories/safety-plan.repository';
import { ServiceReferralRepository } from './repositories/service-referral.repository';

type Ids = readonly string[];

export function createLoaders(principal: Principal, ds: DataSource, env: { readonly config: HubConfig; readonly now: () => Date }) {
  const repoEnv = { ds, principal, config: env.config, now: env.now };
  const referrals = new ReferralRepository(repoEnv);
  const clients = new ClientRepository(repoEnv, referrals);
  const repos = {
    referrals,
    clients,
    outreach: new OutreachRepository(repoEnv, referrals),
    safetyPlans: new SafetyPlanRepository(repoEnv, clients),
    serviceReferrals: new ServiceReferralRepository(repoEnv, clients),
    dangerAssessments: new DangerAssessmentRepository(repoEnv, clients),
    consents: new ConsentRepository(repoEnv, clients),
    release: new ReleaseRepository(repoEnv),
    clearances: new ClearanceRepository(repoEnv, referrals),
    clearanceEvents: new ClearanceEventRepository(ds),
  };
  return {
    ...repos,
    referral: rowLoader((ids: Ids) => referrals.byIds(ids), (r) => r.id),
    referralByIncident: rowLoader((ids: Ids) => referrals.byIncidentIds(ids), (r) => r.incidentId),
    victimsByReferral: listLoader((ids: Ids) => referrals.victimsByReferralIds(ids), (v) => v.referralId),
    attemptsByReferral: listLoader((ids: Ids) => repos.outreach.byReferralIds(ids), (a) => a.referralId),
    clientsByReferral: listLoader((ids: Ids) => clients.byReferralIds(ids), (c) => c.referralId ?? ''),
    client: rowLoader((ids: Ids) => clients.byIds(ids), (c) => c.id),
    safetyPlan: rowLoader((ids: Ids) => repos.safetyPlans.currentByClientIds(ids), (s) => s.clientId),
    safetyPlanHistory: listLoader((ids: Ids) => repos.safetyPlans.historyByClientIds(ids), (s) => s.clientId),
    serviceReferralsByClient: listLoader((ids: Ids) => repos.serviceReferrals.byClientIds(ids), (x) => x.clientId),
    dangerAssessmentsByClient: listLoader((ids: Ids) => repos.dangerAssessments.byClientIds(ids), (d) => d.clientId),
    consentsByClient: listLoader((ids: Ids) => repos.consents.byClientIds(ids), (k) => k.clientId),
    /** Consented release per police-recorded victim party; the consent hook and the resolvers share these, so both see one answer. */
    releasedContact: rowLoader((ids: Ids) => repos.release.contacts(ids), (r) => r.incidentVictimId),
    releasedDanger: rowLoader((ids: Ids) => repos.release.dangerAssessments(ids), (r) => r.incidentVictimId),
    releasedServices: rowLoader((ids: Ids) => repos.release.services(ids), (r) => r.incidentVictimId),
    advocateClearance: rowLoader((ids: Ids) => repos.clearances.byNotificationIds(ids), (c) => c.notificationId),
  };
}

export type VictimServicesLoaders = ReturnType<typeof createLoaders>;
