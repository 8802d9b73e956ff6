/**
 * The audit table every subgraph keeps in its own database. Append-only: a trigger refuses UPDATE,
 * DELETE and TRUNCATE for every role (a superuser can only get round it by disabling the trigger,
 * which audit:verify then detects through the hash chain).
 */
import type { MigrationInterface, QueryRunner } from 'typeorm';

export class AuditTrail1764000000000 implements MigrationInterface {
  name = 'AuditTrail1764000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE audit_event (
        seq         bigint PRIMARY KEY,
        id          uuid NOT NULL UNIQUE,
        at          timestamptz(3) NOT NULL,
        request_id  text NOT NULL,
        subject     text NOT NULL,
        role        text NOT NULL,
        agency      text NOT NULL,
        operation   text,
        action      text NOT NULL,
        field_path  text NOT NULL,
        entity_ids  text[] NOT NULL,
        outcome     text NOT NULL,
        consent_id  text,
        prev_hash   text NOT NULL,
        hash        text NOT NULL
      )`);
    await q.query(`CREATE INDEX audit_event_at ON audit_event (at)`);
    await q.query(`CREATE INDEX audit_event_subject ON audit_event (subject, at)`);
    await q.query(`
      CREATE FUNCTION audit_event_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'audit_event is append-only (% refused)', TG_OP USING ERRCODE = 'insufficient_privilege';
      END $$`);
    await q.query(`CREATE TRIGGER audit_event_no_update BEFORE UPDATE OR DELETE ON audit_event FOR EACH ROW EXECUTE FUNCTION audit_event_append_only()`);
    await q.query(`CREATE TRIGGER audit_event_no_truncate BEFORE TRUNCATE ON audit_event FOR EACH STATEMENT EXECUTE FUNCTION audit_event_append_only()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE audit_event`);
    await q.query(`DROP FUNCTION audit_event_append_only()`);
  }
}
