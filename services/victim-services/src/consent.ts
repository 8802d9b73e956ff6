/**
 * The consent hook the shared shield calls for a VICTIM_CONSENTED field when the caller's decision is
 * "consent" (police roles): it answers the id of the active consent that releases the field, or null.
 * The release fields ask the same per-request loader their resolvers read, so the check and the
 * value agree; the objects a release produced carry the consent id for their own fields.
 */
import type { ConsentCheck } from '@ipvi/core';
import type { VictimServicesLoaders } from './loaders';

/** Carried by every object produced under a release: the consent that released it (null: the caller's own record). */
export const RELEASED_UNDER = Symbol('releasedUnder');

/** The object Query.consentedRelease answers: the id as asked (echoed) and its lookup key. */
export interface ReleaseParent {
  /** Audited as the entity id. */
  readonly id: string;
  readonly incidentVictimId: string;
}

export function releaseParent(incidentVictimId: string): ReleaseParent {
  return { id: incidentVictimId.toLowerCase(), incidentVictimId };
}

const RELEASE_FIELDS: Readonly<Record<string, keyof Pick<VictimServicesLoaders, 'releasedContact' | 'releasedDanger' | 'releasedServices'>>> = {
  'ConsentedRelease.contact': 'releasedContact',
  'ConsentedRelease.dangerAssessment': 'releasedDanger',
  'ConsentedRelease.services': 'releasedServices',
};

export function releasedUnder<T extends object>(value: T, consentId: string | null): T & { [RELEASED_UNDER]: string | null } {
  return Object.assign(value, { [RELEASED_UNDER]: consentId });
}

export const consentForField: ConsentCheck = async (ctx, { parent, fieldPath }) => {
  const loader = RELEASE_FIELDS[fieldPath];
  if (loader) {
    const released = await (ctx.loaders as VictimServicesLoaders)[loader].load((parent as ReleaseParent).id);
    return released?.consentId ?? null;
  }
  const carried = parent !== null && typeof parent === 'object' ? (parent as { [RELEASED_UNDER]?: unknown })[RELEASED_UNDER] : undefined;
  return typeof carried === 'string' ? carried : null;
};
