import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * One person across partner agencies (issue 9): the links coordinators confirmed between offender
 * records of different agencies, as the person-link feed reports them, and the person each linked
 * record belongs to now (the connected set of records joined by active links; a record absent from
 * `offender_person` is a person of its own). Tier explanations are kept as a template with the
 * incidents they name, so each caller reads them as the sharing agreement allows.
 */
export class TieringPersons1764000000230 implements MigrationInterface {
  name = 'TieringPersons1764000000230';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE person_link (
        link_id uuid PRIMARY KEY,
        offender_a uuid NOT NULL,
        offender_b uuid NOT NULL,
        agency_a text NOT NULL,
        agency_b text NOT NULL,
        active boolean NOT NULL,
        linked_at timestamptz NOT NULL,
        unlinked_at timestamptz,
        event_id uuid NOT NULL,
        CHECK (offender_a <> offender_b)
      )`);
    await q.query(`CREATE INDEX person_link_a ON person_link (offender_a) WHERE active`);
    await q.query(`CREATE INDEX person_link_b ON person_link (offender_b) WHERE active`);
    await q.query(`
      CREATE TABLE offender_person (
        offender_id uuid PRIMARY KEY,
        person_id uuid NOT NULL
      )`);
    await q.query(`CREATE INDEX offender_person_person ON offender_person (person_id)`);
    await q.query(`ALTER TABLE tier_assignment ADD COLUMN explanation_template text, ADD COLUMN explanation_refs jsonb`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE tier_assignment DROP COLUMN explanation_template, DROP COLUMN explanation_refs`);
    await q.query(`DROP TABLE offender_person, person_link`);
  }
}
