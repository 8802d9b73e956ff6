/** The consented release: values come from the same per-request loaders the consent hook asked. */
import type { HubContext } from '@ipvi/core';
import { releasedUnder, type ReleaseParent } from '../consent';
import type { VictimServicesLoaders } from '../loaders';

type Ctx = HubContext<VictimServicesLoaders>;

export const ConsentedRelease = {
  contact: async (p: ReleaseParent, _: unknown, ctx: Ctx) => {
    const r = await ctx.loaders.releasedContact.load(p.id);
    if (!r) return null;
    const { consentId, contactMethods, ...contact } = r;
    return releasedUnder({ ...contact, contactMethods: contactMethods.map((m) => releasedUnder({ ...m }, consentId)) }, consentId);
  },
  dangerAssessment: async (p: ReleaseParent, _: unknown, ctx: Ctx) => {
    const r = await ctx.loaders.releasedDanger.load(p.id);
    return r?.assessment ? releasedUnder({ ...r.assessment }, r.consentId) : null;
  },
  services: async (p: ReleaseParent, _: unknown, ctx: Ctx) => {
    const r = await ctx.loaders.releasedServices.load(p.id);
    return r ? r.services.map((s) => releasedUnder({ ...s }, r.consentId)) : null;
  },
};
