import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Person identity across partner agencies (issue 9). Every offender record gets the agency that owns
 * it; a name + date-of-birth match against another agency's record becomes a "possible same person"
 * candidate that a coordinator confirms (a link) or rejects; links and their undoing go to their own
 * transactional outbox. Protective orders keep their previous versions.
 *
 * Safe on a live database: new columns are nullable without defaults (no table rewrite), the backfill
 * is one statement per table, new tables start empty. `owner_agency` stays NULL only for a record
 * without any incident or order (nothing makes it visible; no write matches it).
 */
export class PersonIdentity1764000000130 implements MigrationInterface {
  name = 'PersonIdentity1764000000130';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE offender ADD COLUMN owner_agency text`);
    // The agency of the record's earliest incident, else of its earliest protective order.
    await q.query(`
      UPDATE offender o SET owner_agency = coalesce(
        (SELECT i.agency_ori FROM incident_offender io JOIN incident i ON i.id = io.incident_id
          WHERE io.offender_id = o.id ORDER BY i.occurred_at, i.created_at, i.id LIMIT 1),
        (SELECT po.agency_ori FROM protective_order po WHERE po.restrained_offender_id = o.id ORDER BY po.issued_on, po.created_at, po.id LIMIT 1))
      WHERE o.owner_agency IS NULL`);
    await q.query(`CREATE INDEX offender_owner_match ON offender (owner_agency, norm_name, date_of_birth)`);

    await q.query(`
      CREATE TABLE person_link_candidate (
        id uuid PRIMARY KEY,
        existing_offender_id uuid NOT NULL REFERENCES offender(id),
        existing_agency text NOT NULL,
        new_offender_id uuid NOT NULL REFERENCES offender(id),
        new_agency text NOT NULL,
        reasons text[] NOT NULL,
        status text NOT NULL DEFAULT 'PENDING' CHECK (status IN ('PENDING','CONFIRMED','REJECTED','UNLINKED')),
        proposed_at timestamptz NOT NULL DEFAULT date_trunc('milliseconds', now()),
        decided_at timestamptz,
        decided_by text,
        decided_by_agency text,
        decision_justification text,
        CHECK (existing_offender_id <> new_offender_id AND existing_agency <> new_agency),
        CHECK ((status = 'PENDING') = (decided_at IS NULL))
      )`);
    // One candidate per pair of records, whichever way round it was proposed.
    await q.query(
      `CREATE UNIQUE INDEX person_link_candidate_pair ON person_link_candidate (LEAST(existing_offender_id, new_offender_id), GREATEST(existing_offender_id, new_offender_id))`,
    );
    await q.query(`CREATE INDEX person_link_candidate_review ON person_link_candidate (existing_agency, status, proposed_at, id)`);

    await q.query(`
      CREATE TABLE person_link (
        id uuid PRIMARY KEY,
        candidate_id uuid NOT NULL UNIQUE REFERENCES person_link_candidate(id),
        offender_ids uuid[] NOT NULL,
        agencies text[] NOT NULL,
        linked_at timestamptz NOT NULL,
        linked_by text NOT NULL,
        linked_by_agency text NOT NULL,
        link_justification text NOT NULL,
        unlinked_at timestamptz,
        unlinked_by text,
        unlinked_by_agency text,
        unlink_justification text,
        CHECK (cardinality(offender_ids) = 2 AND cardinality(agencies) = 2),
        CHECK ((unlinked_at IS NULL) = (unlinked_by IS NULL))
      )`);
    await q.query(`CREATE INDEX person_link_offenders ON person_link USING gin (offender_ids) WITH (fastupdate = off)`);

    await q.query(`
      CREATE TABLE person_link_event (
        seq bigserial PRIMARY KEY,
        id uuid NOT NULL UNIQUE,
        type text NOT NULL CHECK (type IN ('PERSONS_LINKED','PERSONS_UNLINKED')),
        link_id uuid NOT NULL REFERENCES person_link(id),
        recorded_at timestamptz NOT NULL DEFAULT now(),
        payload jsonb NOT NULL
      )`);

    await q.query(`ALTER TABLE protective_order ADD COLUMN version integer NOT NULL DEFAULT 1`);
    await q.query(`
      CREATE TABLE protective_order_version (
        order_id uuid NOT NULL REFERENCES protective_order(id),
        version integer NOT NULL,
        record jsonb NOT NULL,
        recorded_at timestamptz NOT NULL,
        superseded_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (order_id, version)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE protective_order_version, person_link_event, person_link, person_link_candidate`);
    await q.query(`ALTER TABLE protective_order DROP COLUMN version`);
    await q.query(`DROP INDEX offender_owner_match`);
    await q.query(`ALTER TABLE offender DROP COLUMN owner_agency`);
  }
}
