import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The coordinators' review queue (issue 14, open question 1): when an amendment names another
 * offender, the incident leaves the previous offender's ledger (offender_incident row deleted); each of
 * that offender's pending notifications whose tier used the incident opens a review with the reason,
 * instead of staying silently due. The trigger sits on the ledger so every path that drops an
 * incident from a ledger (today the feed's amendment handling) opens it.
 */
export class TieringNotificationReview1764000000261 implements MigrationInterface {
  name = 'TieringNotificationReview1764000000261';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE notification_review (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        notification_id uuid NOT NULL REFERENCES notification (id),
        offender_id uuid NOT NULL,
        agency_ori text NOT NULL,
        incident_id uuid NOT NULL,
        reason text NOT NULL,
        opened_at timestamptz NOT NULL,
        closed_at timestamptz,
        closed_by text,
        resolution text,
        CHECK ((closed_at IS NULL) = (resolution IS NULL))
      )`);
    await q.query(`CREATE UNIQUE INDEX notification_review_open ON notification_review (notification_id, incident_id) WHERE closed_at IS NULL`);
    await q.query(`CREATE INDEX notification_review_queue ON notification_review (agency_ori, opened_at DESC, id)`);
    await q.query(`
      CREATE FUNCTION tiering_review_on_ledger_drop() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        INSERT INTO notification_review (notification_id, offender_id, agency_ori, incident_id, reason, opened_at)
        SELECT n.id, n.offender_id, n.agency_ori, OLD.incident_id,
               'An amendment of incident ' || OLD.rms_number || ' (' || OLD.agency_ori || ') names another offender; the tier this notification announces used that incident.',
               now()
        FROM notification n JOIN tier_assignment a ON a.id = n.assignment_id
        WHERE n.offender_id = OLD.offender_id AND n.status = 'PENDING' AND OLD.incident_id = ANY(a.incident_ids)
        ON CONFLICT DO NOTHING;
        RETURN OLD;
      END $$`);
    await q.query(`CREATE TRIGGER offender_incident_review AFTER DELETE ON offender_incident FOR EACH ROW EXECUTE FUNCTION tiering_review_on_ledger_drop()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER offender_incident_review ON offender_incident`);
    await q.query(`DROP FUNCTION tiering_review_on_ledger_drop()`);
    await q.query(`DROP TABLE notification_review`);
  }
}
