import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Referrals from police incidents to advocacy agencies. */
export class VictimServicesInitial1764000000300 implements MigrationInterface {
  name = 'VictimServicesInitial1764000000300';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE referral (
        id uuid PRIMARY KEY,
        incident_id uuid NOT NULL,
        advocacy_agency text NOT NULL,
        state text NOT NULL CHECK (state IN ('NEW','ATTEMPTING','CONTACTED','CLOSED')),
        referred_at timestamptz NOT NULL,
        first_contact_at timestamptz,
        UNIQUE (incident_id, advocacy_agency)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE referral`);
  }
}
