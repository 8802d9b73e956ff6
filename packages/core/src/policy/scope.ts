/** Row scope in terms of police agencies: which agencies' rows of a resource a principal may see. */
import type { HubConfig } from '../config';
import type { Principal } from '../identity/principal';
import { rowScope, type Resource, type RowScope } from './policy';

export interface AgencyScope {
  readonly kind: RowScope;
  /** Police agency ORIs whose rows are visible (empty for NONE). */
  readonly policeAgencies: readonly string[];
}

export function agencyScope(principal: Principal, config: HubConfig, resource: Resource): AgencyScope {
  const kind = rowScope(principal.roles, resource);
  switch (kind) {
    case 'PARTNERSHIP':
      return { kind, policeAgencies: config.partnership.policeAgencies };
    case 'OWN_AGENCY': {
      const set = new Set([principal.agency]);
      for (const group of config.partnership.sharedPoliceAgencies) if (group.includes(principal.agency)) group.forEach((a) => set.add(a));
      return { kind, policeAgencies: [...set] };
    }
    case 'REFERRED':
      return { kind, policeAgencies: config.partnership.advocacyAgencies[principal.agency] ?? [] };
    case 'NONE':
      return { kind, policeAgencies: [] };
  }
}

/** Collects bind parameters for a hand-written statement. */
export class SqlParams {
  readonly values: unknown[] = [];
  readonly add = (v: unknown): string => {
    this.values.push(v);
    return `$${this.values.length}`;
  };
}
