import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * One victim-first gate, owned by tiering: victim-services keeps only the advocates' confidential
 * record of a clearance (who, when, why, for which referral), one per notification and advocacy
 * agency, and tells tiering through an outbox written in the same transaction. The state and
 * deadline it used to compute (from when a record was first looked at) go; rows that were only
 * looked at, never cleared, carry nothing and are dropped. Clearances recorded before this change
 * are put on the outbox, so tiering learns about them too.
 *
 * The outbox's `seq` is taken under an advisory lock held to commit (see ClearanceEventRepository),
 * so events become visible in `seq` order and a consumer's cursor never skips one.
 */
export class AdvocateClearance1764000000320 implements MigrationInterface {
  name = 'AdvocateClearance1764000000320';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`DELETE FROM notification_clearance WHERE cleared_at IS NULL`);
    await q.query(`ALTER TABLE notification_clearance RENAME TO advocate_clearance`);
    await q.query(`ALTER TABLE advocate_clearance DROP CONSTRAINT notification_clearance_pkey, DROP COLUMN opened_at, DROP COLUMN deadline`);
    await q.query(
      `ALTER TABLE advocate_clearance ALTER COLUMN cleared_at SET NOT NULL, ALTER COLUMN cleared_by SET NOT NULL, ALTER COLUMN advocacy_agency SET NOT NULL`,
    );
    await q.query(`ALTER TABLE advocate_clearance ADD PRIMARY KEY (notification_id, advocacy_agency)`);
    await q.query(`
      CREATE TABLE clearance_event (
        seq bigserial PRIMARY KEY,
        id uuid NOT NULL UNIQUE,
        type text NOT NULL CHECK (type IN ('NOTIFICATION_CLEARED')),
        notification_id uuid NOT NULL,
        advocacy_agency text NOT NULL,
        cleared_at timestamptz NOT NULL,
        recorded_at timestamptz NOT NULL DEFAULT now(),
        FOREIGN KEY (notification_id, advocacy_agency) REFERENCES advocate_clearance (notification_id, advocacy_agency)
      )`);
    await q.query(`
      INSERT INTO clearance_event (id, type, notification_id, advocacy_agency, cleared_at)
      SELECT gen_random_uuid(), 'NOTIFICATION_CLEARED', notification_id, advocacy_agency, cleared_at FROM advocate_clearance ORDER BY cleared_at, notification_id`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE clearance_event`);
    await q.query(`ALTER TABLE advocate_clearance DROP CONSTRAINT advocate_clearance_pkey`);
    await q.query(
      `DELETE FROM advocate_clearance a USING advocate_clearance b WHERE a.notification_id = b.notification_id AND (a.cleared_at, a.advocacy_agency) > (b.cleared_at, b.advocacy_agency)`,
    );
    await q.query(
      `ALTER TABLE advocate_clearance ALTER COLUMN cleared_at DROP NOT NULL, ALTER COLUMN cleared_by DROP NOT NULL, ALTER COLUMN advocacy_agency DROP NOT NULL`,
    );
    await q.query(`ALTER TABLE advocate_clearance ADD COLUMN opened_at timestamptz, ADD COLUMN deadline timestamptz`);
    await q.query(`UPDATE advocate_clearance SET opened_at = cleared_at, deadline = cleared_at`);
    await q.query(`ALTER TABLE advocate_clearance ALTER COLUMN opened_at SET NOT NULL, ALTER COLUMN deadline SET NOT NULL`);
    await q.query(`ALTER TABLE advocate_clearance RENAME TO notification_clearance`);
    await q.query(`ALTER TABLE notification_clearance ADD CONSTRAINT notification_clearance_pkey PRIMARY KEY (notification_id)`);
  }
}
