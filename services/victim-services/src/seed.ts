/**
 * Demo referrals: every intimate-partner incident with a victim is referred to the advocacy agency
 * serving its police agency. Idempotent. The live path (referrals from the incident feed) comes
 * with the victim-services issue.
 */
import type { DataSource } from 'typeorm';
import { demoHistory, demoUuid, type HubConfig, type Logger } from '@ipvi/core';

export async function seed(ds: DataSource, { log, config }: { log: Logger; config: HubConfig }): Promise<void> {
  const { incidents } = demoHistory();
  const served = Object.entries(config.partnership.advocacyAgencies);
  const rows: { id: string; incidentId: string; agency: string; state: string; at: Date; contact: Date | null }[] = [];
  incidents.forEach((i, n) => {
    if (!i.isIntimatePartner || i.victims.length === 0) return;
    const agency = served.find(([, oris]) => oris.includes(i.agencyOri))?.[0];
    if (!agency) return;
    const contacted = n % 3 !== 0;
    rows.push({ id: demoUuid('referral', n + 1), incidentId: i.id, agency, state: contacted ? 'CONTACTED' : 'NEW', at: new Date(i.occurredAt.getTime() + 3600_000), contact: contacted ? new Date(i.occurredAt.getTime() + 20 * 3600_000) : null });
  });
  await ds.query(
    `INSERT INTO referral (id, incident_id, advocacy_agency, state, referred_at, first_contact_at)
     SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::text[], $5::timestamptz[], $6::timestamptz[]) ON CONFLICT DO NOTHING`,
    [rows.map((r) => r.id), rows.map((r) => r.incidentId), rows.map((r) => r.agency), rows.map((r) => r.state), rows.map((r) => r.at), rows.map((r) => r.contact)],
  );
  log.info('seeded demo referrals', { referrals: rows.length });
}
