/** DataLoaders of the incidents subgraph, created per request with the caller's row scope. */
import DataLoader from 'dataloader';
import type { DataSource } from 'typeorm';
import { listLoader, rowLoader, type Connection, type HubConfig, type Principal } from '@ipvi/core';
import { IncidentRepository, type IncidentRow } from './repositories/incident.repository';
import { OffenderRepository, type OffenderRow } from './repositories/offender.repository';
import { VictimRepository } from './repositories/victim.repository';
import { IncidentEventRepository } from './repositories/event.repository';

export function createLoaders(principal: Principal, ds: DataSource, config: HubConfig) {
  const incidents = new IncidentRepository(ds, principal, config);
  const offenders = new OffenderRepository(ds, principal, config);
  const victims = new VictimRepository(ds);
  return {
    incidents,
    offenders,
    events: new IncidentEventRepository(ds),
    offender: rowLoader((ids: readonly string[]) => offenders.byIds(ids), (r: OffenderRow) => r.id),
    incident: rowLoader((ids: readonly string[]) => incidents.byIds(ids), (r: IncidentRow) => r.id),
    offenderIdsByIncident: listLoader(
      (ids: readonly string[]) => incidents.offenderLinks(ids),
      (r) => r.incident_id,
    ),
    victimsByIncident: listLoader((ids: readonly string[]) => victims.byIncidentIds(ids), (r) => r.incident_id),
    /** Key: `${offenderId}|${first}|${after}`; batches by page arguments. */
    incidentsByOffender: new DataLoader<string, Connection<IncidentRow>>(async (keys) => {
      const groups = new Map<string, string[]>();
      for (const k of keys) {
        const [id, rest] = [k.slice(0, 36), k.slice(37)];
        let g = groups.get(rest);
        if (!g) groups.set(rest, (g = []));
        g.push(id);
      }
      const results = new Map<string, Connection<IncidentRow>>();
      for (const [rest, ids] of groups) {
        const [first, after] = JSON.parse(rest) as [number | null, string | null];
        const pages = await incidents.pagesByOffender(ids, { first, after });
        for (const [id, conn] of pages) results.set(`${id}|${rest}`, conn);
      }
      return keys.map((k) => results.get(k)!);
    }),
  };
}

export type IncidentLoaders = ReturnType<typeof createLoaders>;
