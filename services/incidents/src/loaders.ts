/**
 * DataLoaders of the incidents subgraph, created per request with the caller's row scope: every
 * reference and child list is batched, so the number of statements does not grow with page size.
 */
import DataLoader from 'dataloader';
import type { DataSource } from 'typeorm';
import { listLoader, rowLoader, type Connection, type HubConfig, type PageArgs, type Principal } from '@ipvi/core';
import { IncidentRepository, type IncidentFilter, type IncidentRow } from './repositories/incident.repository';
import { IncidentDetailsRepository, type ScreenRow } from './repositories/incident-details.repository';
import { OffenderRepository, type OffenderRow } from './repositories/offender.repository';
import { ProtectiveOrderRepository, type ProtectiveOrderRow } from './repositories/protective-order.repository';
import { VictimRepository } from './repositories/victim.repository';
import { linkedAgencies, PersonLinkRepository, type CandidateRow, type LinkRow } from './repositories/person-link.repository';

type Ids = readonly string[];

/** A loader of one page per parent, batched by page arguments (key: parent id + first + after + filter). */
function pageLoader<T, F>(fetch: (ids: Ids, args: PageArgs, filter: F | null) => Promise<Map<string, Connection<T>>>) {
  const loader = new DataLoader<string, Connection<T>>(async (keys) => {
    const groups = new Map<string, string[]>();
    for (const k of keys) {
      const [id, rest] = [k.slice(0, 36), k.slice(37)];
      groups.set(rest, [...(groups.get(rest) ?? []), id]);
    }
    const results = new Map<string, Connection<T>>();
    for (const [rest, ids] of groups) {
      const [first, after, filter] = JSON.parse(rest) as [number | null, string | null, F | null];
      for (const [id, conn] of await fetch(ids, { first, after }, filter)) results.set(`${id}|${rest}`, conn);
    }
    return keys.map((k) => results.get(k)!);
  });
  return {
    load: (id: string, args: PageArgs, filter: F | null = null) => loader.load(`${id}|${JSON.stringify([args.first ?? null, args.after ?? null, filter])}`),
    clearAll: () => loader.clearAll(),
  };
}

export function createLoaders(principal: Principal, ds: DataSource, config: HubConfig) {
  const incidents = new IncidentRepository(ds, principal, config);
  const offenders = new OffenderRepository(ds, principal, config);
  const orders = new ProtectiveOrderRepository(ds, principal, config);
  const details = new IncidentDetailsRepository(ds);
  const victims = new VictimRepository(ds);
  const personLinks = new PersonLinkRepository(ds, principal, config);
  return {
    personLinkCandidate: rowLoader(
      (ids: Ids) => personLinks.candidatesByIds(ids),
      (r: CandidateRow) => r.id,
    ),
    linkByCandidate: rowLoader(
      (ids: Ids) => personLinks.linksByCandidateIds(ids),
      (r: LinkRow) => r.candidateId,
    ),
    linkedAgenciesByOffender: listLoader(
      (ids: Ids) => linkedAgencies(ds, ids),
      (r) => r.offenderId,
    ),
    offender: rowLoader(
      (ids: Ids) => offenders.byIds(ids),
      (r: OffenderRow) => r.id,
    ),
    referralName: rowLoader(
      (ids: Ids) => offenders.namesForReferral(ids),
      (r: { id: string; name: string }) => r.id,
    ),
    incident: rowLoader(
      (ids: Ids) => incidents.byIds(ids),
      (r: IncidentRow) => r.id,
    ),
    protectiveOrder: rowLoader(
      (ids: Ids) => orders.byIds(ids),
      (r: ProtectiveOrderRow) => r.id,
    ),
    offenderIdsByIncident: listLoader(
      (ids: Ids) => incidents.offenderLinks(ids),
      (r) => r.incidentId,
    ),
    victimsByIncident: listLoader(
      (ids: Ids) => victims.byIncidentIds(ids),
      (r) => r.incidentId,
    ),
    chargesByIncident: listLoader(
      (ids: Ids) => details.charges(ids),
      (r) => r.incidentId,
    ),
    screenByIncident: rowLoader(
      (ids: Ids) => details.screens(ids),
      (r: ScreenRow) => r.incidentId,
    ),
    versionsByIncident: listLoader(
      (ids: Ids) => details.versions(ids),
      (r) => r.incidentId,
    ),
    ordersByOffender: listLoader(
      (ids: Ids) => orders.byOffenderIds(ids),
      (r) => r.restrainedOffenderId,
    ),
    violationIdsByOrder: listLoader(
      (ids: Ids) => incidents.violationsOf(ids),
      (r) => r.violatedOrderId,
    ),
    incidentsByOffender: pageLoader((ids, args, filter: IncidentFilter | null) => incidents.pagesByOffender(ids, args, filter)),
  };
}

export type IncidentLoaders = ReturnType<typeof createLoaders>;
