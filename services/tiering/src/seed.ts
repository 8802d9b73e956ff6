/**
 * Demo tiers for the demo history, by the default policy's counting rules (no charge: D; first
 * charge: C; second: B; three or more: A). Idempotent. The live path (tiers from the incident feed)
 * replaces this when the tiering issue lands.
 */
import type { DataSource } from 'typeorm';
import { demoHistory, demoUuid, type HubConfig, type Logger } from '@ipvi/core';

export async function seed(ds: DataSource, { log, config }: { log: Logger; config: HubConfig }): Promise<void> {
  const { incidents } = demoHistory();
  const byOffender = new Map<string, { charges: number; last: Date; ori: string; ids: string[] }>();
  for (const i of incidents) {
    if (!i.isIntimatePartner) continue;
    const s = byOffender.get(i.offenderId) ?? { charges: 0, last: i.occurredAt, ori: i.agencyOri, ids: [] };
    if (i.arrestMade) s.charges++;
    s.last = i.occurredAt;
    s.ids.push(i.rmsNumber);
    byOffender.set(i.offenderId, s);
  }
  const rows = [...byOffender.entries()].map(([offenderId, s], n) => {
    const level = s.charges === 0 ? 'D' : s.charges === 1 ? 'C' : s.charges === 2 ? 'B' : 'A';
    const rule = { D: 'D_IP_CALL_NO_CHARGE', C: 'C_FIRST_DV_CHARGE', B: 'B_SECOND_DV_CHARGE', A: 'A_VIOLENT_HISTORY' }[level]!;
    return { id: demoUuid('tier', n + 1), offenderId, ori: s.ori, level, rule, explanation: `Demo: ${s.charges} DV charge(s) over ${s.ids.length} intimate-partner incident(s) (${s.ids.slice(-3).join(', ')}).`, at: s.last };
  });
  await ds.query(
    `INSERT INTO tier_assignment (id, offender_id, agency_ori, level, rule, explanation, assigned_at, policy_version)
     SELECT id, off, ori, lvl, rule, expl, at, 'high-point-default-1' FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::text[], $5::text[], $6::text[], $7::timestamptz[]) AS t(id, off, ori, lvl, rule, expl, at)
     ON CONFLICT (id) DO NOTHING`,
    [rows.map((r) => r.id), rows.map((r) => r.offenderId), rows.map((r) => r.ori), rows.map((r) => r.level), rows.map((r) => r.rule), rows.map((r) => r.explanation), rows.map((r) => r.at)],
  );
  log.info('seeded demo tiers', { offenders: rows.length });
}
