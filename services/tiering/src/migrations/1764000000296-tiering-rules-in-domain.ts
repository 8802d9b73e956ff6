import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Go-live and the review queue are decided in the domain code now (domain/go-live.ts: a tier that
 * took effect before the site's go-live schedules and supersedes no notification; domain/review.rules.ts:
 * an incident an amendment moves to another offender opens a review of that offender's pending
 * notifications), so the triggers of migrations 260 and 261 that decided them go. `down` puts them
 * back as they were.
 */
export class TieringRulesInDomain1764000000296 implements MigrationInterface {
  name = 'TieringRulesInDomain1764000000296';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER notification_keep_before_go_live ON notification`);
    await q.query(`DROP FUNCTION tiering_keep_before_go_live()`);
    await q.query(`DROP TRIGGER notification_go_live ON notification`);
    await q.query(`DROP FUNCTION tiering_before_go_live()`);
    await q.query(`DROP TRIGGER offender_incident_review ON offender_incident`);
    await q.query(`DROP FUNCTION tiering_review_on_ledger_drop()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE FUNCTION tiering_before_go_live() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE go_live date;
      BEGIN
        IF NEW.status <> 'PENDING' THEN
          RETURN NEW;
        END IF;
        SELECT p.go_live_on INTO go_live FROM site_profile p WHERE p.agency_ori = NEW.agency_ori ORDER BY p.version DESC LIMIT 1;
        IF go_live IS NOT NULL AND (SELECT coalesce(a.effective_at, a.assigned_at) FROM tier_assignment a WHERE a.id = NEW.assignment_id) < go_live::timestamp AT TIME ZONE 'UTC' THEN
          RETURN NULL;
        END IF;
        RETURN NEW;
      END $$`);
    await q.query(`CREATE TRIGGER notification_go_live BEFORE INSERT ON notification FOR EACH ROW EXECUTE FUNCTION tiering_before_go_live()`);
    await q.query(`
      CREATE FUNCTION tiering_keep_before_go_live() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE effective timestamptz; agency text; go_live date;
      BEGIN
        SELECT coalesce(a.effective_at, a.assigned_at), a.agency_ori INTO effective, agency FROM tier_assignment a WHERE a.offender_id = NEW.offender_id ORDER BY a.seq DESC LIMIT 1;
        SELECT p.go_live_on INTO go_live FROM site_profile p WHERE p.agency_ori = agency ORDER BY p.version DESC LIMIT 1;
        IF go_live IS NOT NULL AND effective < go_live::timestamp AT TIME ZONE 'UTC' THEN
          RETURN NULL;
        END IF;
        RETURN NEW;
      END $$`);
    await q.query(`CREATE TRIGGER notification_keep_before_go_live BEFORE UPDATE OF status ON notification FOR EACH ROW
      WHEN (OLD.status = 'PENDING' AND NEW.status = 'SUPERSEDED') EXECUTE FUNCTION tiering_keep_before_go_live()`);
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
}
