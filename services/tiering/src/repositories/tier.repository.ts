/** Tier assignments, scoped to the police agencies whose offenders the caller may see. */
import type { DataSource } from 'typeorm';
import { agencyScope, SqlParams, type HubConfig, type Principal } from '@ipvi/core';

export interface TierRow {
  offender_id: string;
  level: string;
  rule: string;
  explanation: string;
  assigned_at: Date;
  policy_version: string;
}

export class TierRepository {
  constructor(private readonly ds: DataSource, private readonly principal: Principal, private readonly config: HubConfig) {}

  /** The latest assignment of each offender, within scope. */
  async currentByOffender(offenderIds: readonly string[]): Promise<TierRow[]> {
    const scope = agencyScope(this.principal, this.config, 'incident');
    const p = new SqlParams();
    return this.ds.query(
      `SELECT DISTINCT ON (offender_id) offender_id, level, rule, explanation, assigned_at, policy_version
       FROM tier_assignment
       WHERE offender_id = ANY(${p.add(offenderIds)}::uuid[]) AND agency_ori = ANY(${p.add([...scope.policeAgencies])})
       ORDER BY offender_id, assigned_at DESC, id DESC`,
      p.values,
    );
  }
}
