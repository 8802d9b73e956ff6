import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The incidents referred to advocates (intimate-partner, with a victim), kept from the incident feed:
 * advocates' roster and tier scope follow their referrals. Existing ledgers know no victims: a
 * database migrated with history re-reads the incident feed to fill it (advocates see nothing of the
 * history until then, which errs on the side of the VAWA line).
 */
export class TieringReferredIncidents1764000000297 implements MigrationInterface {
  name = 'TieringReferredIncidents1764000000297';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE referred_incident (
        incident_id uuid PRIMARY KEY,
        police_agency text NOT NULL,
        referred_at timestamptz NOT NULL
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE referred_incident`);
  }
}
