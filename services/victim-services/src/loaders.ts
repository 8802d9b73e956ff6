/** The DataLoaders of victim-services (reads by key, batched), created per request with the caller's scope. Nothing else. */
import type { DataSource } from 'typeorm';
import { listLoader, rowLoader, type HubConfig, type Principal } from '@ipvi/core';
import { createRepositories } from './domain/env';
import { ReleaseRepository } from './repositories/release.repository';

type Ids = readonly string[];

export function createLoaders(principal: Principal, ds: DataSource, env: { readonly config: HubConfig; readonly now: () => Date }) {
  const repoEnv = { ds, principal, config: env.config, now: env.now };
  const { referrals, clients, care, consents, clearances } = createRepositories(repoEnv);
  const release = new ReleaseRepository(repoEnv);
  return {
    referral: rowLoader(
      (ids: Ids) => referrals.byIds(ids),
      (r) => r.id,
    ),
    referralByIncident: rowLoader(
      (ids: Ids) => referrals.byIncidentIds(ids),
      (r) => r.incidentId,
    ),
    victimsByReferral: listLoader(
      (ids: Ids) => referrals.victimsByReferralIds(ids),
      (v) => v.referralId,
    ),
    attemptsByReferral: listLoader(
      (ids: Ids) => referrals.attemptsByReferralIds(ids),
      (a) => a.referralId,
    ),
    clientsByReferral: listLoader(
      (ids: Ids) => clients.byReferralIds(ids),
      (c) => c.referralId ?? '',
    ),
    client: rowLoader(
      (ids: Ids) => clients.byIds(ids),
      (c) => c.id,
    ),
    safetyPlan: rowLoader(
      (ids: Ids) => care.currentSafetyPlans(ids),
      (s) => s.clientId,
    ),
    safetyPlanHistory: listLoader(
      (ids: Ids) => care.safetyPlanHistory(ids),
      (s) => s.clientId,
    ),
    serviceReferralsByClient: listLoader(
      (ids: Ids) => care.serviceReferrals(ids),
      (x) => x.clientId,
    ),
    dangerAssessmentsByClient: listLoader(
      (ids: Ids) => care.dangerAssessments(ids),
      (d) => d.clientId,
    ),
    consentsByClient: listLoader(
      (ids: Ids) => consents.byClientIds(ids),
      (k) => k.clientId,
    ),
    /** Consented release per police-recorded victim party; the consent hook and the resolvers share these, so both see one answer. */
    releasedContact: rowLoader(
      (ids: Ids) => release.contacts(ids),
      (r) => r.incidentVictimId,
    ),
    releasedDanger: rowLoader(
      (ids: Ids) => release.dangerAssessments(ids),
      (r) => r.incidentVictimId,
    ),
    releasedServices: rowLoader(
      (ids: Ids) => release.services(ids),
      (r) => r.incidentVictimId,
    ),
    advocateClearance: rowLoader(
      (ids: Ids) => clearances.byNotificationIds(ids),
      (c) => c.notificationId,
    ),
  };
}

export type VictimServicesLoaders = ReturnType<typeof createLoaders>;
