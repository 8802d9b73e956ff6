import type { MigrationInterface, QueryRunner } from 'typeorm';
import { DEFAULT_POLICY, DEFAULT_POLICY_VERSION } from '../policy/default-policy';

/** Refuses UPDATE and DELETE on a table (append-only history). */
export function appendOnlySql(table: string): string[] {
  return [
    `CREATE OR REPLACE FUNCTION tiering_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
     BEGIN RAISE EXCEPTION '% is append-only', TG_TABLE_NAME; END $$`,
    `CREATE TRIGGER ${table}_append_only BEFORE UPDATE OR DELETE ON ${table} FOR EACH ROW EXECUTE FUNCTION tiering_append_only()`,
    `CREATE TRIGGER ${table}_no_truncate BEFORE TRUNCATE ON ${table} FOR EACH STATEMENT EXECUTE FUNCTION tiering_append_only()`,
  ];
}

/**
 * The engine's data: immutable policy versions (the default High Point policy published first), the
 * offender's incident ledger kept from the feed, and the assignment history made append-only. Tiers
 * the old seed computed from demo data are removed: tiers now come from the feed.
 */
export class TieringEngine1764000000210 implements MigrationInterface {
  name = 'TieringEngine1764000000210';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`DELETE FROM tier_assignment WHERE explanation LIKE 'Demo:%'`);
    await q.query(`
      CREATE TABLE tier_policy (
        seq bigserial UNIQUE,
        version text PRIMARY KEY CHECK (version ~ '^[A-Za-z0-9._-]{1,64}$'),
        rules jsonb NOT NULL,
        published_at timestamptz NOT NULL DEFAULT now(),
        published_by text NOT NULL
      )`);
    await q.query(`INSERT INTO tier_policy (version, rules, published_by) VALUES ($1, $2, 'system')`, [DEFAULT_POLICY_VERSION, JSON.stringify(DEFAULT_POLICY)]);
    for (const s of appendOnlySql('tier_policy')) await q.query(s);
    await q.query(`
      ALTER TABLE tier_assignment
        ADD COLUMN seq bigserial UNIQUE,
        ADD COLUMN previous_level text CHECK (previous_level IN ('D','C','B','A')),
        ADD COLUMN effective_at timestamptz,
        ADD COLUMN incident_ids uuid[] NOT NULL DEFAULT '{}',
        ADD COLUMN trigger_incident_id uuid,
        ADD COLUMN assigned_by text NOT NULL DEFAULT 'system',
        ADD COLUMN justification text,
        ADD CONSTRAINT tier_assignment_policy FOREIGN KEY (policy_version) REFERENCES tier_policy (version),
        ADD CONSTRAINT tier_assignment_override_justified CHECK (rule <> 'MANUAL_OVERRIDE' OR length(trim(justification)) > 0)`);
    await q.query(`CREATE INDEX tier_assignment_trigger ON tier_assignment (trigger_incident_id) WHERE trigger_incident_id IS NOT NULL`);
    for (const s of appendOnlySql('tier_assignment').slice(1)) await q.query(s);
    await q.query(`
      CREATE TABLE offender_incident (
        offender_id uuid NOT NULL,
        incident_id uuid NOT NULL,
        agency_ori text NOT NULL,
        rms_number text NOT NULL,
        occurred_at timestamptz NOT NULL,
        is_intimate_partner boolean NOT NULL,
        relationship_code text,
        arrest_made boolean NOT NULL,
        offense_codes text[] NOT NULL,
        protective_order_violation boolean NOT NULL,
        weapon_involved boolean NOT NULL,
        charges jsonb NOT NULL,
        event_id uuid NOT NULL,
        updated_at timestamptz NOT NULL,
        PRIMARY KEY (offender_id, incident_id)
      )`);
    await q.query(`CREATE INDEX offender_incident_agency ON offender_incident (agency_ori, offender_id)`);
    await q.query(`CREATE INDEX offender_incident_incident ON offender_incident (incident_id)`);
    await q.query(`
      CREATE TABLE offender_profile (
        offender_id uuid PRIMARY KEY,
        preferred_language text NOT NULL CHECK (preferred_language IN ('en','es')),
        updated_at timestamptz NOT NULL,
        updated_by text NOT NULL
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE offender_profile, offender_incident`);
    await q.query(`DROP TRIGGER tier_assignment_append_only ON tier_assignment; DROP TRIGGER tier_assignment_no_truncate ON tier_assignment`);
    await q.query(`ALTER TABLE tier_assignment DROP COLUMN seq, DROP COLUMN previous_level, DROP COLUMN effective_at, DROP COLUMN incident_ids,
      DROP COLUMN trigger_incident_id, DROP COLUMN assigned_by, DROP COLUMN justification`);
    await q.query(`DROP TABLE tier_policy`);
    await q.query(`DROP FUNCTION tiering_append_only()`);
  }
}
