import type { HubContext } from '@ipvi/core';
import type { IncidentLoaders } from '../loaders';
import { offenseDescription } from '../nibrs';
import type { IncidentRow } from '../repositories/incident.repository';
import type { VictimRow } from '../repositories/victim.repository';

type Ctx = HubContext<IncidentLoaders>;

export const Incident = {
  __resolveReference: (ref: { id: string }, ctx: Ctx) => ctx.loaders.incident.load(ref.id),
  agencyOri: (i: IncidentRow) => i.agency_ori,
  rmsNumber: (i: IncidentRow) => i.rms_number,
  occurredAt: (i: IncidentRow) => i.occurred_at,
  offenses: (i: IncidentRow) => i.offense_codes.map((code) => ({ code, description: offenseDescription(code) })),
  relationshipCode: (i: IncidentRow) => i.relationship_code,
  isIntimatePartner: (i: IncidentRow) => i.is_intimate_partner,
  arrestMade: (i: IncidentRow) => i.arrest_made,
  offenders: async (i: IncidentRow, _: unknown, ctx: Ctx) => {
    const links = await ctx.loaders.offenderIdsByIncident.load(i.id);
    const rows = await ctx.loaders.offender.loadMany(links.map((l) => l.offender_id));
    return rows.filter((r) => r !== null && !(r instanceof Error));
  },
  victims: (i: IncidentRow, _: unknown, ctx: Ctx) => ctx.loaders.victimsByIncident.load(i.id),
};

export const IncidentVictim = {
  dateOfBirth: (v: VictimRow) => v.date_of_birth,
};
