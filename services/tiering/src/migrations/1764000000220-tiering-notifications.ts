import type { MigrationInterface, QueryRunner } from 'typeorm';
import { appendOnlySql } from './1764000000210-tiering-engine';

/**
 * Notifications with their victim-first gate and their append-only event history, prosecution flags,
 * the offer of help and its referrals, and the outcome ledger for evaluation.
 */
export class TieringNotifications1764000000220 implements MigrationInterface {
  name = 'TieringNotifications1764000000220';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE notification (
        id uuid PRIMARY KEY,
        offender_id uuid NOT NULL,
        assignment_id uuid NOT NULL REFERENCES tier_assignment (id),
        agency_ori text NOT NULL,
        type text NOT NULL CHECK (type IN ('LETTER','FACE_TO_FACE','CALL_IN','CUSTOM_LETTER')),
        tier_at_notice text NOT NULL CHECK (tier_at_notice IN ('D','C','B','A')),
        due_at timestamptz NOT NULL,
        status text NOT NULL CHECK (status IN ('PENDING','DELIVERED','SUPERSEDED')),
        template_version text NOT NULL,
        services_offered text[] NOT NULL,
        gate_deadline timestamptz NOT NULL,
        gate_cleared_at timestamptz,
        gate_cleared_by_agency text,
        gate_waived_at timestamptz,
        gate_waived_by text,
        gate_waiver_reason text,
        delivered_at timestamptz,
        delivered_by text,
        outcome text CHECK (outcome IN ('DELIVERED','REFUSED','NOT_LOCATED','IN_CUSTODY')),
        created_at timestamptz NOT NULL,
        CHECK (gate_waived_at IS NULL OR length(trim(gate_waiver_reason)) > 0)
      )`);
    await q.query(`CREATE INDEX notification_queue ON notification (agency_ori, due_at, id) WHERE status = 'PENDING'`);
    await q.query(`CREATE INDEX notification_offender ON notification (offender_id, created_at)`);
    await q.query(`
      CREATE TABLE notification_event (
        seq bigserial PRIMARY KEY,
        notification_id uuid NOT NULL REFERENCES notification (id),
        kind text NOT NULL CHECK (kind IN ('SCHEDULED','DELIVERY_ATTEMPT','RESCHEDULED','GATE_CLEARED','GATE_WAIVED','SUPERSEDED')),
        at timestamptz NOT NULL,
        by_subject text NOT NULL,
        outcome text,
        due_at timestamptz,
        reason text
      )`);
    await q.query(`CREATE INDEX notification_event_notification ON notification_event (notification_id, seq)`);
    for (const s of appendOnlySql('notification_event').slice(1)) await q.query(s);
    await q.query(`
      CREATE TABLE prosecution_flag (
        id uuid PRIMARY KEY,
        offender_id uuid NOT NULL,
        assignment_id uuid NOT NULL UNIQUE REFERENCES tier_assignment (id),
        tier text NOT NULL CHECK (tier IN ('B','A')),
        fast_track boolean NOT NULL,
        bond_recommendation text,
        raised_at timestamptz NOT NULL
      )`);
    await q.query(`CREATE INDEX prosecution_flag_offender ON prosecution_flag (offender_id)`);
    await q.query(`
      CREATE TABLE offender_service_referral (
        id uuid PRIMARY KEY,
        offender_id uuid NOT NULL,
        notification_id uuid NOT NULL REFERENCES notification (id),
        service text NOT NULL,
        status text NOT NULL CHECK (status IN ('OFFERED','ACCEPTED','ENROLLED','COMPLETED','DECLINED')),
        offered_at timestamptz NOT NULL,
        accepted_at timestamptz,
        enrolled_at timestamptz,
        completed_at timestamptz,
        declined_at timestamptz,
        updated_by text NOT NULL,
        UNIQUE (notification_id, service)
      )`);
    await q.query(`CREATE INDEX offender_service_referral_offender ON offender_service_referral (offender_id)`);
    // Outcome ledger: the first delivered notification per offender; re-arrests come from the incident ledger.
    await q.query(`
      CREATE TABLE offender_outcome (
        offender_id uuid PRIMARY KEY,
        first_notification_id uuid NOT NULL REFERENCES notification (id),
        first_notified_at timestamptz NOT NULL,
        tier_at_first_notice text NOT NULL
      )`);
    await q.query(`
      CREATE VIEW ip_rearrest AS
        SELECT o.offender_id, o.first_notified_at, o.tier_at_first_notice, i.incident_id, i.rms_number, i.occurred_at AS arrested_at,
               (i.occurred_at - o.first_notified_at) AS after_first_notice
        FROM offender_outcome o JOIN offender_incident i ON i.offender_id = o.offender_id
        WHERE i.arrest_made AND i.is_intimate_partner AND i.occurred_at > o.first_notified_at`);
    await q.query(
      `COMMENT ON VIEW ip_rearrest IS 'Every intimate-partner arrest after the offender''s first delivered notification (reoffense measure: windows of 6/12/18/36 months from first_notified_at).'`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP VIEW ip_rearrest`);
    await q.query(`DROP TABLE offender_outcome, offender_service_referral, prosecution_flag, notification_event, notification`);
  }
}
