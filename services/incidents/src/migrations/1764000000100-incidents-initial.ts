import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Offenders, incidents (unique per agency + RMS number), their link, police-recorded victims. */
export class IncidentsInitial1764000000100 implements MigrationInterface {
  name = 'IncidentsInitial1764000000100';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE offender (
        id uuid PRIMARY KEY,
        name text NOT NULL,
        date_of_birth date,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX offender_name ON offender (lower(name), id)`);
    await q.query(`
      CREATE TABLE incident (
        id uuid PRIMARY KEY,
        agency_ori text NOT NULL,
        rms_number text NOT NULL,
        occurred_at timestamptz NOT NULL,
        offense_codes text[] NOT NULL,
        relationship_code text,
        is_intimate_partner boolean NOT NULL,
        arrest_made boolean NOT NULL,
        narrative text,
        created_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (agency_ori, rms_number)
      )`);
    await q.query(`CREATE INDEX incident_occurred ON incident (occurred_at DESC, id DESC)`);
    await q.query(`
      CREATE TABLE incident_offender (
        incident_id uuid NOT NULL REFERENCES incident(id),
        offender_id uuid NOT NULL REFERENCES offender(id),
        PRIMARY KEY (incident_id, offender_id)
      )`);
    await q.query(`CREATE INDEX incident_offender_offender ON incident_offender (offender_id)`);
    await q.query(`
      CREATE TABLE incident_victim (
        id uuid PRIMARY KEY,
        incident_id uuid NOT NULL REFERENCES incident(id),
        name text NOT NULL,
        date_of_birth date
      )`);
    await q.query(`CREATE INDEX incident_victim_incident ON incident_victim (incident_id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE incident_victim, incident_offender, incident, offender`);
  }
}
