/** The context tiering's resolvers receive: DataLoaders for reads by key, domain services for writes and lists; and the parent types of the generated resolver types. */
import { notFound, type HubContext, type MeasureLoaders } from '@ipvi/core';
import type { TieringDomain } from '../domain';
import type { TieringLoaders } from '../loaders';
import type { SessionRow } from '../repositories/call-in.repository';
import type { NotificationRow } from '../repositories/notification.repository';
import type { SiteProfileRow } from '../repositories/site.repository';

/** `loaders.analytics` is the analysts' read-only measure source (core's withMeasureSource), beside the DataLoaders. */
export type TieringContext = HubContext<TieringLoaders & MeasureLoaders, TieringDomain> & { readonly domain: TieringDomain };

/** An entity another subgraph owns (Offender, Incident), as tiering knows it: its key. */
export interface EntityRef {
  readonly id: string;
}

/** A notification, plus the offender's name when the gateway supplies it for the letter (@requires). */
export type NotificationParent = NotificationRow & { offenderName?: string | null };

/** A call-in write's payload: the session, and the offenders it named (for the audit trail). */
export interface SessionWrite {
  readonly session: SessionRow;
  readonly offenders: readonly EntityRef[];
}

/** A published site profile; `id` (`<ORI>:<version>`) names it in the audit trail. */
export interface ProfileWrite {
  readonly id: string;
  readonly profile: SiteProfileRow;
}

/** An entity reference the gateway resolves in the owning subgraph. */
export const ref = (id: string): EntityRef => ({ id });

/** A row a write just made or changed, read back through the caller's loaders (NOT_FOUND if the caller may no longer read it). */
export function written<T>(row: T | null, what: string): T {
  if (row === null) throw notFound(what);
  return row;
}
