/** Referrals, scoped to the caller's own advocacy agency: nobody outside it learns a referral exists. */
import type { DataSource } from 'typeorm';
import { rowScope, type Principal } from '@ipvi/core';

export interface ReferralRow {
  incident_id: string;
  state: string;
  referred_at: Date;
  first_contact_at: Date | null;
}

export class ReferralRepository {
  constructor(private readonly ds: DataSource, private readonly principal: Principal) {}

  async byIncidentIds(incidentIds: readonly string[]): Promise<ReferralRow[]> {
    if (rowScope(this.principal.roles, 'client') === 'NONE') return [];
    return this.ds.query(
      `SELECT incident_id, state, referred_at, first_contact_at FROM referral WHERE incident_id = ANY($1::uuid[]) AND advocacy_agency = $2`,
      [incidentIds, this.principal.agency],
    );
  }
}
