/** The consented release: values come from the same per-request loaders the consent hook asked. */
import { releasedUnder } from '../consent';
import type { ConsentedReleaseResolvers } from '../generated/resolvers';

export const ConsentedRelease: ConsentedReleaseResolvers = {
  contact: async (p, _, ctx) => {
    const r = await ctx.loaders.releasedContact.load(p.id);
    if (!r) return null;
    const { consentId, contactMethods, ...contact } = r;
    return releasedUnder({ ...contact, contactMethods: contactMethods.map((m) => releasedUnder({ ...m }, consentId)) }, consentId);
  },
  /** json_build_object gives the instant as text. */
  dangerAssessment: async (p, _, ctx) => {
    const r = await ctx.loaders.releasedDanger.load(p.id);
    return r?.assessment ? releasedUnder({ ...r.assessment, administeredAt: new Date(r.assessment.administeredAt) }, r.consentId) : null;
  },
  services: async (p, _, ctx) => {
    const r = await ctx.loaders.releasedServices.load(p.id);
    return r ? r.services.map((s) => releasedUnder({ ...s }, r.consentId)) : null;
  },
};
