/** The notification work queue's filter: every problem at once, at its path (`filter.agency`, or the deprecated loose argument's name). */
import { z } from 'zod';
import { Problems, agency, type HubConfig } from '@ipvi/core';
import { NOTIFICATION_TYPES } from '../policy/tier-policy';
import type { QueueFilter } from '../repositories/notification.reader';

const HOURS = 'must be a whole number of hours from 0 to 8760';

function schema(config: HubConfig) {
  return z.object({
    overdueOnly: z.boolean().nullish(),
    dueWithinHours: z
      .number()
      .int(HOURS)
      .min(0, HOURS)
      .max(24 * 365, HOURS)
      .nullish(),
    agency: agency(config, ['police']).nullish(),
    type: z.enum(NOTIFICATION_TYPES).nullish(),
  });
}

/** The filter given, or else the deprecated loose arguments of the first release (their paths are the bare argument names). */
export function queueFilter(config: HubConfig, args: QueueFilter & { filter?: QueueFilter | null }): QueueFilter {
  const fromFilter = args.filter != null;
  const p = new Problems(fromFilter ? 'filter' : '');
  const raw = fromFilter ? args.filter : { overdueOnly: args.overdueOnly, dueWithinHours: args.dueWithinHours, agency: args.agency, type: args.type };
  return p.done(p.parse(schema(config), raw ?? {}));
}
