import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The full police model: offender identifiers and match keys; incident details, the canonical record
 * with its hash (idempotent re-recording) and version; prior versions; charges; victim contact and
 * injury; LAP lethality screens; protective orders and the incidents that violated them.
 */
export class IncidentsFullModel1764000000120 implements MigrationInterface {
  name = 'IncidentsFullModel1764000000120';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE offender
        ADD COLUMN aliases text[] NOT NULL DEFAULT '{}',
        ADD COLUMN state_id text,
        ADD COLUMN local_id text,
        ADD COLUMN norm_name text,
        ADD COLUMN norm_aliases text[] NOT NULL DEFAULT '{}',
        ADD COLUMN updated_at timestamptz NOT NULL DEFAULT now()`);
    await q.query(`UPDATE offender SET norm_name = trim(regexp_replace(lower(name), '[^a-z0-9]+', ' ', 'g'))`);
    await q.query(`ALTER TABLE offender ALTER COLUMN norm_name SET NOT NULL`);
    await q.query(`CREATE INDEX offender_match ON offender (norm_name, date_of_birth)`);
    await q.query(`CREATE INDEX offender_dob ON offender (date_of_birth)`);
    await q.query(`CREATE INDEX offender_aliases ON offender USING gin (norm_aliases) WITH (fastupdate = off)`);

    await q.query(`
      CREATE TABLE protective_order (
        id uuid PRIMARY KEY,
        agency_ori text NOT NULL,
        order_number text NOT NULL,
        order_type text NOT NULL CHECK (order_type IN ('EMERGENCY','EX_PARTE','FINAL')),
        court text,
        issued_on date NOT NULL,
        expires_on date,
        restrained_offender_id uuid NOT NULL REFERENCES offender(id),
        protected_party_name text NOT NULL,
        protected_party_dob date,
        content_hash text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (agency_ori, order_number),
        CHECK (expires_on IS NULL OR expires_on >= issued_on)
      )`);
    await q.query(`CREATE INDEX protective_order_offender ON protective_order (restrained_offender_id)`);

    await q.query(`
      ALTER TABLE incident
        ADD COLUMN reported_at timestamptz,
        ADD COLUMN location text,
        ADD COLUMN attempted_offense_codes text[] NOT NULL DEFAULT '{}',
        ADD COLUMN ip_validated boolean,
        ADD COLUMN weapon_code text,
        ADD COLUMN injury_code text,
        ADD COLUMN children_present boolean,
        ADD COLUMN reporting_officer text,
        ADD COLUMN violated_order_id uuid REFERENCES protective_order(id),
        ADD COLUMN po_violation boolean NOT NULL DEFAULT false,
        ADD COLUMN version integer NOT NULL DEFAULT 1,
        ADD COLUMN record jsonb,
        ADD COLUMN content_hash text,
        ADD COLUMN updated_at timestamptz NOT NULL DEFAULT now()`);
    await q.query(`UPDATE incident SET po_violation = '90Z' = ANY(offense_codes)`);
    await q.query(`CREATE INDEX incident_agency_occurred ON incident (agency_ori, occurred_at DESC, id DESC)`);
    await q.query(`CREATE INDEX incident_offense_codes ON incident USING gin (offense_codes) WITH (fastupdate = off)`);
    await q.query(`CREATE INDEX incident_violated_order ON incident (violated_order_id) WHERE violated_order_id IS NOT NULL`);

    await q.query(`
      CREATE TABLE incident_version (
        incident_id uuid NOT NULL REFERENCES incident(id),
        version integer NOT NULL,
        record jsonb,
        recorded_at timestamptz NOT NULL,
        superseded_at timestamptz NOT NULL DEFAULT now(),
        changed_fields text[] NOT NULL,
        PRIMARY KEY (incident_id, version)
      )`);

    await q.query(`
      ALTER TABLE incident_victim
        ADD COLUMN ordinal smallint,
        ADD COLUMN phone text,
        ADD COLUMN address text,
        ADD COLUMN injury_code text`);
    await q.query(
      `UPDATE incident_victim v SET ordinal = s.n FROM (SELECT id, row_number() OVER (PARTITION BY incident_id ORDER BY id) - 1 AS n FROM incident_victim) s WHERE s.id = v.id`,
    );
    await q.query(`ALTER TABLE incident_victim ALTER COLUMN ordinal SET NOT NULL, ADD CONSTRAINT incident_victim_ordinal UNIQUE (incident_id, ordinal)`);

    await q.query(`
      CREATE TABLE incident_charge (
        id uuid PRIMARY KEY,
        incident_id uuid NOT NULL REFERENCES incident(id),
        ordinal smallint NOT NULL,
        statute text NOT NULL,
        description text NOT NULL,
        dv_related boolean NOT NULL,
        felony boolean NOT NULL,
        charged_on date,
        disposition text NOT NULL DEFAULT 'PENDING',
        disposition_date date,
        UNIQUE (incident_id, ordinal)
      )`);

    await q.query(`
      CREATE TABLE lethality_screen (
        id uuid PRIMARY KEY,
        incident_id uuid NOT NULL UNIQUE REFERENCES incident(id),
        screened_at timestamptz NOT NULL,
        administered_by text,
        used_weapon boolean, threatened_to_kill boolean, thinks_might_kill boolean, has_gun boolean,
        choked boolean, jealous_or_controlling boolean, separated boolean, unemployed boolean,
        suicidal boolean, child_not_partners boolean, stalks boolean,
        declined boolean NOT NULL,
        officer_belief boolean NOT NULL,
        spoke_with_hotline boolean
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE lethality_screen, incident_charge, incident_version`);
    await q.query(`ALTER TABLE incident_victim DROP COLUMN ordinal, DROP COLUMN phone, DROP COLUMN address, DROP COLUMN injury_code`);
    await q.query(`
      ALTER TABLE incident DROP COLUMN reported_at, DROP COLUMN location, DROP COLUMN attempted_offense_codes, DROP COLUMN ip_validated,
        DROP COLUMN weapon_code, DROP COLUMN injury_code, DROP COLUMN children_present, DROP COLUMN reporting_officer,
        DROP COLUMN violated_order_id, DROP COLUMN po_violation, DROP COLUMN version, DROP COLUMN record, DROP COLUMN content_hash, DROP COLUMN updated_at`);
    await q.query(`DROP TABLE protective_order`);
    await q.query(`
      ALTER TABLE offender DROP COLUMN aliases, DROP COLUMN state_id, DROP COLUMN local_id, DROP COLUMN norm_name,
        DROP COLUMN norm_aliases, DROP COLUMN updated_at`);
  }
}
