import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Indexes for analysts' measures (issue 13): the re-arrest measure probes an offender's later
 * re-arrests by time, over only the incidents that count as one (its predicate is the measure's
 * REARREST_PREDICATE, so the planner can use the partial index); timeliness and movement group
 * the assignment history and notifications by time.
 */
export class AnalyticsIndexes1764000000290 implements MigrationInterface {
  name = 'AnalyticsIndexes1764000000290';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE INDEX offender_incident_rearrest ON offender_incident (offender_id, occurred_at)
      WHERE ((is_intimate_partner AND arrest_made) OR charges @> '[{"dvRelated": true}]'::jsonb)`);
    await q.query(`CREATE INDEX tier_assignment_assigned ON tier_assignment (assigned_at)`);
    await q.query(`CREATE INDEX notification_due ON notification (due_at) WHERE status <> 'SUPERSEDED'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX notification_due, tier_assignment_assigned, offender_incident_rearrest`);
  }
}
