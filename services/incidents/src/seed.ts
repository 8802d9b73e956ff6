/** Deterministic demo data for the incidents database; idempotent (re-running adds nothing). */
import type { DataSource } from 'typeorm';
import { IncidentEventRepository } from './repositories/event.repository';
import { demoHistory, type HubConfig, type Logger } from '@ipvi/core';

export async function seed(ds: DataSource, { log, config }: { log: Logger; config: HubConfig }): Promise<void> {
  const { offenders, incidents } = demoHistory();
  await ds.transaction(async (m) => {
    await m.query(
      `INSERT INTO offender (id, name, date_of_birth) SELECT * FROM unnest($1::uuid[], $2::text[], $3::date[]) ON CONFLICT (id) DO NOTHING`,
      [offenders.map((o) => o.id), offenders.map((o) => o.name), offenders.map((o) => o.dateOfBirth)],
    );
    const res = await m.query(
      `INSERT INTO incident (id, agency_ori, rms_number, occurred_at, offense_codes, relationship_code, is_intimate_partner, arrest_made, narrative)
       SELECT id, ori, rms, at, string_to_array(codes, ','), rel, ip, arrest, narrative
       FROM unnest($1::uuid[], $2::text[], $3::text[], $4::timestamptz[], $5::text[], $6::text[], $7::boolean[], $8::boolean[], $9::text[])
         AS t(id, ori, rms, at, codes, rel, ip, arrest, narrative)
       ON CONFLICT DO NOTHING RETURNING id`,
      [
        incidents.map((i) => i.id), incidents.map((i) => i.agencyOri), incidents.map((i) => i.rmsNumber), incidents.map((i) => i.occurredAt),
        incidents.map((i) => i.offenseCodes.join(',')), incidents.map((i) => i.relationshipCode), incidents.map((i) => i.isIntimatePartner),
        incidents.map((i) => i.arrestMade), incidents.map((i) => i.narrative),
      ],
    );
    await m.query(`INSERT INTO incident_offender (incident_id, offender_id) SELECT * FROM unnest($1::uuid[], $2::uuid[]) ON CONFLICT DO NOTHING`, [
      incidents.map((i) => i.id), incidents.map((i) => i.offenderId),
    ]);
    const victims = incidents.flatMap((i) => i.victims.map((v) => ({ ...v, incidentId: i.id })));
    await m.query(
      `INSERT INTO incident_victim (id, incident_id, name, date_of_birth) SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::date[]) ON CONFLICT DO NOTHING`,
      [victims.map((v) => v.id), victims.map((v) => v.incidentId), victims.map((v) => v.name), victims.map((v) => v.dateOfBirth)],
    );
    const created = (res as { id: string }[]).map((r) => r.id);
    await IncidentEventRepository.append(m, 'INCIDENT_RECORDED', created);
    log.info('seeded demo incidents', { offenders: offenders.length, incidents: incidents.length, newIncidents: created.length });
  });
}
