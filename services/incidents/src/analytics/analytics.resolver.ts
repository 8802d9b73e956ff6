/** Analysts' aggregate field of incidents (thin: arguments -> measure). Registered in server.ts with one spread. */
import type { HubContext, MeasureLoaders } from '@ipvi/core';
import { intimatePartnerIncidents, type IpIncidentArgs } from './ip-incidents';

export const AnalyticsQuery = {
  intimatePartnerIncidents: (_: unknown, args: IpIncidentArgs, ctx: HubContext<MeasureLoaders>) =>
    intimatePartnerIncidents(ctx.loaders.analytics.ds, ctx.config, args),
};
