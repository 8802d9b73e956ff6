/**
 * The arguments of an offender's paged child lists (Offender.tierHistoryConnection and
 * Offender.notificationsConnection), validated before the page is loaded: every problem at once,
 * at its path (`first`, `after`, `filter.statuses`, ...), never the submitted value.
 */
import { z } from 'zod';
import { CursorShapes, Problems, type PageArgs } from '@ipvi/core';
import type { NotificationStatus } from '../entities/notification.entity';
import { NOTIFICATION_TYPES } from '../policy/tier-policy';
import type { OffenderNotificationFilter } from '../repositories/child-pages.reader';
import { pageIn } from './inputs';

const NOTIFICATION_STATUSES = ['PENDING', 'DELIVERED', 'SUPERSEDED'] as const satisfies readonly NotificationStatus[];

const filterSchema = z.object({
  statuses: z.array(z.enum(NOTIFICATION_STATUSES)).min(1, 'must list one or more statuses').nullish(),
  types: z.array(z.enum(NOTIFICATION_TYPES)).min(1, 'must list one or more types').nullish(),
});

/** The page arguments of Offender.tierHistoryConnection (cursor: an assignment sequence number). */
export function tierHistoryPageArgs(args: PageArgs): PageArgs {
  const p = new Problems('');
  pageIn(p, args, CursorShapes.seq);
  p.throwIfAny();
  return { first: args.first ?? null, after: args.after ?? null };
}

/** The page arguments and filter of Offender.notificationsConnection. */
export function notificationsPageArgs(args: PageArgs & { filter?: { statuses?: readonly string[] | null; types?: readonly string[] | null } | null }): {
  page: PageArgs;
  filter: OffenderNotificationFilter;
} {
  const p = new Problems('');
  pageIn(p, args, CursorShapes.instantAndId);
  const f = new Problems('filter');
  const parsed = f.parse(filterSchema, args.filter ?? {});
  for (const problem of f.all) p.add(problem.field, problem.reason);
  p.throwIfAny();
  return {
    page: { first: args.first ?? null, after: args.after ?? null },
    filter: { statuses: parsed?.statuses ?? null, types: parsed?.types ?? null },
  };
}
