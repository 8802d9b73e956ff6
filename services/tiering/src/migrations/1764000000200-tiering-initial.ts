import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Tier assignments, append-only. */
export class TieringInitial1764000000200 implements MigrationInterface {
  name = 'TieringInitial1764000000200';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE tier_assignment (
        id uuid PRIMARY KEY,
        offender_id uuid NOT NULL,
        agency_ori text NOT NULL,
        level text NOT NULL CHECK (level IN ('D','C','B','A')),
        rule text NOT NULL,
        explanation text NOT NULL,
        assigned_at timestamptz NOT NULL,
        policy_version text NOT NULL
      )`);
    await q.query(`CREATE INDEX tier_assignment_offender ON tier_assignment (offender_id, assigned_at DESC)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE tier_assignment`);
  }
}
