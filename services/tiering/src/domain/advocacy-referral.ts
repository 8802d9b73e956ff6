/**
 * Which incidents reach the advocates (issue 14: advocates' tier scope follows their referrals), as
 * victim-services refers them: an intimate-partner incident with a victim goes to the advocacy agency
 * that serves its police agency (the first one configured, as victim-services picks it). An incident
 * without a victim gives no advocacy agency anything. Tiering keeps the referral fact from the feed
 * (repositories/referred-incident.repository.ts); an advocate's roster and tier scope read it.
 */
import { normalizeAgency, type HubConfig, type IncidentFeedEvent, type Principal } from '@ipvi/core';

/** Whether an incident is referred to advocates (victim-services' rule). */
export function isReferred(e: Pick<IncidentFeedEvent, 'isIntimatePartner' | 'victimPartyIds'>): boolean {
  return e.isIntimatePartner && e.victimPartyIds.length > 0;
}

/** The advocacy agency an incident of this police agency is referred to, if any. */
export function advocacyAgencyFor(config: HubConfig, policeOri: string): string | undefined {
  const ori = normalizeAgency(policeOri);
  return Object.entries(config.partnership.advocacyAgencies).find(([, oris]) => oris.includes(ori))?.[0];
}

/** The police agencies whose referred incidents reach the advocate's agency. */
export function referringAgencies(principal: Principal, config: HubConfig, served: readonly string[]): string[] {
  return served.filter((ori) => advocacyAgencyFor(config, ori) === normalizeAgency(principal.agency));
}
