import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The transactional outbox: an event per recorded or amended incident, written in the same
 * transaction as the incident. `seq` is taken under an advisory lock held to commit, so events
 * become visible in `seq` order and a consumer's cursor never skips one.
 */
export class IncidentOutbox1764000000110 implements MigrationInterface {
  name = 'IncidentOutbox1764000000110';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE incident_event (
        seq bigserial PRIMARY KEY,
        id uuid NOT NULL UNIQUE,
        type text NOT NULL CHECK (type IN ('INCIDENT_RECORDED','INCIDENT_AMENDED')),
        incident_id uuid NOT NULL REFERENCES incident(id),
        recorded_at timestamptz NOT NULL DEFAULT now(),
        payload jsonb NOT NULL
      )`);
    await q.query(`CREATE INDEX incident_event_incident ON incident_event (incident_id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE incident_event`);
  }
}
