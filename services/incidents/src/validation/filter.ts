/** The incident list's filter: an agency is a configured partner police agency, normalized; anything else is BAD_USER_INPUT (the value never echoed). */
import { agencyKind, InputError, normalizeAgency, type HubConfig } from '@ipvi/core';
import type { IncidentFilter } from '../repositories/incident.repository';

export function incidentFilterOf(filter: IncidentFilter | null | undefined, config: HubConfig): IncidentFilter | null {
  if (!filter) return null;
  if (filter.agencyOri === null || filter.agencyOri === undefined) return filter;
  if (agencyKind(config, filter.agencyOri) !== 'police') throw new InputError('filter.agencyOri', 'is not a partner police agency');
  return { ...filter, agencyOri: normalizeAgency(filter.agencyOri) };
}
