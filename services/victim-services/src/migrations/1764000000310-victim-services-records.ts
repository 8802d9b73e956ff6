import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The advocates' own records, separate from the police record on purpose (VAWA): referred victims
 * (police-recorded details carried by the feed), clients, outreach attempts, versioned safety
 * plans, service referrals, danger assessments, consents, and notification clearances.
 */
export class VictimServicesRecords1764000000310 implements MigrationInterface {
  name = 'VictimServicesRecords1764000000310';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE referral
        ADD COLUMN police_agency text,
        ADD COLUMN incident_occurred_at timestamptz,
        ADD COLUMN offender_ids uuid[] NOT NULL DEFAULT '{}'`);
    await q.query(`CREATE INDEX referral_agency_referred ON referral (advocacy_agency, referred_at DESC, id DESC)`);
    await q.query(`
      CREATE TABLE referred_victim (
        referral_id uuid NOT NULL REFERENCES referral(id),
        incident_victim_id uuid NOT NULL,
        name text,
        date_of_birth date,
        phone text,
        PRIMARY KEY (referral_id, incident_victim_id)
      )`);
    await q.query(`
      CREATE TABLE client (
        id uuid PRIMARY KEY,
        advocacy_agency text NOT NULL,
        referral_id uuid REFERENCES referral(id),
        incident_victim_id uuid,
        assigned_advocate text,
        name text NOT NULL,
        date_of_birth date,
        preferred_language text,
        safe_to_contact boolean NOT NULL DEFAULT false,
        contact_methods jsonb NOT NULL DEFAULT '[]',
        address text,
        shelter text,
        children jsonb NOT NULL DEFAULT '[]',
        created_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL,
        UNIQUE (advocacy_agency, incident_victim_id)
      )`);
    await q.query(`CREATE INDEX client_agency ON client (advocacy_agency, created_at DESC, id DESC)`);
    await q.query(`CREATE INDEX client_referral ON client (referral_id)`);
    await q.query(`CREATE INDEX client_incident_victim ON client (incident_victim_id)`);
    await q.query(`
      CREATE TABLE outreach_attempt (
        id uuid PRIMARY KEY,
        referral_id uuid NOT NULL REFERENCES referral(id),
        attempted_at timestamptz NOT NULL,
        channel text NOT NULL,
        reached boolean NOT NULL,
        outcome text NOT NULL,
        notes text,
        recorded_by text NOT NULL,
        recorded_at timestamptz NOT NULL
      )`);
    await q.query(`CREATE INDEX outreach_attempt_referral ON outreach_attempt (referral_id, attempted_at)`);
    await q.query(`
      CREATE TABLE safety_plan (
        id uuid PRIMARY KEY,
        client_id uuid NOT NULL REFERENCES client(id),
        version int NOT NULL,
        plan jsonb NOT NULL,
        created_by text NOT NULL,
        created_at timestamptz NOT NULL,
        UNIQUE (client_id, version)
      )`);
    await q.query(`
      CREATE TABLE service_referral (
        id uuid PRIMARY KEY,
        client_id uuid NOT NULL REFERENCES client(id),
        kind text NOT NULL,
        provider text,
        status text NOT NULL,
        notes text,
        created_by text NOT NULL,
        created_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL
      )`);
    await q.query(`CREATE INDEX service_referral_client ON service_referral (client_id, created_at)`);
    await q.query(`
      CREATE TABLE danger_assessment (
        id uuid PRIMARY KEY,
        client_id uuid NOT NULL REFERENCES client(id),
        answers boolean[] NOT NULL CHECK (cardinality(answers) = 20),
        never_lived_together boolean NOT NULL,
        score int NOT NULL,
        band text NOT NULL,
        administered_at timestamptz NOT NULL,
        administered_by text NOT NULL
      )`);
    await q.query(`CREATE INDEX danger_assessment_client ON danger_assessment (client_id, administered_at DESC)`);
    await q.query(`
      CREATE TABLE consent (
        id uuid PRIMARY KEY,
        client_id uuid NOT NULL REFERENCES client(id),
        recipient_agency text NOT NULL CHECK (recipient_agency <> '' AND recipient_agency !~ '[*%?]'),
        purpose text NOT NULL,
        data_classes text[] NOT NULL CHECK (cardinality(data_classes) > 0),
        signed_at timestamptz NOT NULL,
        expires_at timestamptz NOT NULL CHECK (expires_at > signed_at),
        revoked_at timestamptz,
        revoked_by text,
        signer_name text NOT NULL,
        guardian_name text,
        document_ref text NOT NULL,
        recorded_by text NOT NULL,
        recorded_at timestamptz NOT NULL
      )`);
    await q.query(`CREATE INDEX consent_client ON consent (client_id)`);
    await q.query(`CREATE INDEX consent_recipient ON consent (recipient_agency, client_id) WHERE revoked_at IS NULL`);
    await q.query(`
      CREATE TABLE notification_clearance (
        notification_id uuid PRIMARY KEY,
        opened_at timestamptz NOT NULL,
        deadline timestamptz NOT NULL,
        cleared_at timestamptz,
        cleared_by text,
        advocacy_agency text,
        referral_id uuid REFERENCES referral(id),
        note text
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE notification_clearance, consent, danger_assessment, service_referral, safety_plan, outreach_attempt, client, referred_victim`);
    await q.query(`DROP INDEX referral_agency_referred`);
    await q.query(`ALTER TABLE referral DROP COLUMN police_agency, DROP COLUMN incident_occurred_at, DROP COLUMN offender_ids`);
  }
}
