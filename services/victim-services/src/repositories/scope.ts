/**
 * Row scope of victim-services: which advocacy agencies' clients and referrals a principal may see.
 * Every advocate of an agency sees the agency's whole caseload (advocates cover each other's cases
 * on call; assignment is recorded and filterable, not a wall). Police, prosecutors, analysts,
 * auditors and services see none. Applied inside every query, so another agency's record by id
 * looks exactly like a missing one.
 */
import type { DataSource, EntityManager, ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { normalizeAgency, rowScope, type HubConfig, type Principal } from '@ipvi/core';
import { ClientEntity } from '../entities';

/** What every repository of a request knows: the data source, the caller, the site and the request's clock. */
export interface RepoEnv {
  readonly ds: DataSource;
  readonly principal: Principal;
  readonly config: HubConfig;
  readonly now: () => Date;
}

/** A transaction's manager, or the data source's own for reads outside one. */
export type Db = EntityManager;

/** Advocacy agencies whose records the principal may see (empty: none). */
export function visibleAgencies(principal: Principal, config: HubConfig): string[] {
  switch (rowScope(principal.roles, 'client')) {
    case 'OWN_AGENCY':
      return [normalizeAgency(principal.agency)];
    case 'PARTNERSHIP':
      return Object.keys(config.partnership.advocacyAgencies);
    default:
      return [];
  }
}

/** Joins the client of a table hanging off clients (`alias.clientId`) and keeps only clients in the caller's scope. */
export function inClientScope<T extends ObjectLiteral>(qb: SelectQueryBuilder<T>, alias: string, env: RepoEnv): SelectQueryBuilder<T> {
  return qb
    .innerJoin(ClientEntity, 'c', `c.id = ${alias}.clientId`)
    .andWhere('c.advocacyAgency = ANY(:scopeAgencies)', { scopeAgencies: visibleAgencies(env.principal, env.config) });
}

/** The (instant, id) keyset of a cursor, or undefined for the first page. */
export type InstantIdKey = readonly [string, string];
