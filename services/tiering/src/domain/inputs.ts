/**
 * The input rules of tiering's program workflows (zod), built on core's shared rules (text, ids,
 * dates with the one clock skew, agencies): the agencies a coordinator's write may name, lists that
 * must not be empty, optional text where a blank is absent, and lists' `after` cursors. Services parse
 * a whole input with core's Problems (every problem at once, each at its input path with a reason,
 * never the submitted value) and add the rules against stored rows to the same Problems.
 */
import { z } from 'zod';
import {
  agency,
  agencyKind,
  id,
  isPartnershipCoordinator,
  list,
  normalizeAgency,
  pageOf,
  type CursorShape,
  type HubConfig,
  type Page,
  type PageArgs,
  type Principal,
  type Problems,
} from '@ipvi/core';

/** A police agency of the partnership (ORI, any case), normalized. */
export function policeAgency(config: HubConfig) {
  return agency(config, ['police']);
}

/** An offender-services provider of the partnership (an id in PROVIDER_AGENCIES), normalized. */
export function providerAgency(config: HubConfig) {
  return agency(config, ['provider']);
}

/** The sites a coordinator's writes may name: the caller's own agency, or every police agency for a partnership-wide coordinator. */
export function writableAgencies(config: HubConfig, principal: Principal): readonly string[] {
  if (isPartnershipCoordinator(config, principal)) return config.partnership.policeAgencies;
  const own = normalizeAgency(principal.agency);
  return agencyKind(config, own) === 'police' ? [own] : [];
}

/** The police agency a write names, the caller's own when omitted: one of writableAgencies. */
export function ownPoliceAgency(config: HubConfig, principal: Principal) {
  const writable = writableAgencies(config, principal);
  return z.preprocess(
    (v) => v ?? principal.agency,
    policeAgency(config).pipe(z.string().refine((a) => writable.includes(a), "must be the caller's own agency")),
  );
}

/** An id of this hub (a UUID), lower-cased as the database returns it. */
export function rowId() {
  return id().transform((s) => s.toLowerCase());
}

/** A list of 1 to `max` items. */
export function nonEmptyList<T extends z.ZodType>(item: T, max: number) {
  return list(item, max).min(1, 'must hold at least one item');
}

/**
 * `first` and `after` of a list whose cursor has `shape`, checked with its filter: a problem goes to
 * `p` (rooted at the arguments, '') and the page is undefined then.
 */
export function pageIn<K extends (string | number)[]>(p: Problems, args: PageArgs, shape: CursorShape): Page<K> | undefined {
  return p.collect(() => pageOf(args, shape) as Page<K>);
}
