import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The program's own workflows (issue 14): call-in sessions (who spoke for whom, who came), each
 * site's versioned profile (letterhead, signatories, service directory, go-live day) and its letter
 * templates with their review state. Go-live is enforced where notifications are written: a
 * notification for an assignment that took effect before the site's go-live day is not inserted
 * (the assignment itself is: it counts for tier history).
 */
export class TieringProgram1764000000260 implements MigrationInterface {
  name = 'TieringProgram1764000000260';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE call_in_session (
        id uuid PRIMARY KEY,
        agency_ori text NOT NULL,
        starts_at timestamptz NOT NULL,
        place text NOT NULL,
        scheduled_at timestamptz NOT NULL,
        scheduled_by text NOT NULL
      )`);
    await q.query(`CREATE INDEX call_in_session_agency ON call_in_session (agency_ori, starts_at DESC, id)`);
    await q.query(`
      CREATE TABLE call_in_speaker (
        session_id uuid NOT NULL REFERENCES call_in_session (id),
        position int NOT NULL,
        role text NOT NULL CHECK (role IN ('POLICE','PROSECUTOR','PROBATION','COMMUNITY_MEMBER','VICTIM_VOICE','SERVICE_PROVIDER')),
        name text NOT NULL,
        organisation text,
        PRIMARY KEY (session_id, position)
      )`);
    await q.query(`
      CREATE TABLE call_in_invitation (
        id uuid PRIMARY KEY,
        session_id uuid NOT NULL REFERENCES call_in_session (id),
        offender_id uuid NOT NULL,
        notification_id uuid NOT NULL REFERENCES notification (id),
        attendance text NOT NULL CHECK (attendance IN ('INVITED','ATTENDED','MISSED')),
        invited_at timestamptz NOT NULL,
        invited_by text NOT NULL,
        recorded_at timestamptz,
        recorded_by text,
        rescheduled_to timestamptz,
        UNIQUE (session_id, offender_id)
      )`);
    await q.query(`CREATE INDEX call_in_invitation_offender ON call_in_invitation (offender_id)`);
    await q.query(`
      CREATE TABLE site_profile (
        agency_ori text NOT NULL,
        version int NOT NULL CHECK (version >= 1),
        partnership_name text NOT NULL,
        letterhead text NOT NULL,
        signatories jsonb NOT NULL,
        services jsonb NOT NULL,
        go_live_on date NOT NULL,
        missed_call_in_reschedule_days int NOT NULL CHECK (missed_call_in_reschedule_days BETWEEN 1 AND 90),
        published_at timestamptz NOT NULL,
        published_by text NOT NULL,
        PRIMARY KEY (agency_ori, version)
      )`);
    await q.query(`
      CREATE TABLE letter_template (
        id uuid PRIMARY KEY,
        agency_ori text NOT NULL,
        language text NOT NULL CHECK (language IN ('en','es')),
        version int NOT NULL CHECK (version >= 1),
        state text NOT NULL CHECK (state IN ('DRAFT','APPROVED')),
        title text NOT NULL,
        message text NOT NULL,
        closing text NOT NULL,
        drafted_at timestamptz NOT NULL,
        drafted_by text NOT NULL,
        approved_at timestamptz,
        approved_by text,
        UNIQUE (agency_ori, language, version),
        CHECK ((state = 'APPROVED') = (approved_at IS NOT NULL))
      )`);
    // Approved templates and published profiles are immutable: a change is a new version.
    await q.query(`
      CREATE FUNCTION tiering_letter_template_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'DELETE' OR OLD.state = 'APPROVED' OR NEW.title <> OLD.title OR NEW.message <> OLD.message OR NEW.closing <> OLD.closing
           OR NEW.agency_ori <> OLD.agency_ori OR NEW.language <> OLD.language OR NEW.version <> OLD.version THEN
          RAISE EXCEPTION 'letter templates change only DRAFT -> APPROVED';
        END IF;
        RETURN NEW;
      END $$`);
    await q.query(
      `CREATE TRIGGER letter_template_immutable BEFORE UPDATE OR DELETE ON letter_template FOR EACH ROW EXECUTE FUNCTION tiering_letter_template_immutable()`,
    );
    await q.query(`CREATE TRIGGER site_profile_append_only BEFORE UPDATE OR DELETE ON site_profile FOR EACH ROW EXECUTE FUNCTION tiering_append_only()`);
    // Go-live: no notification for a tier that took effect before the site's go-live day (its latest profile).
    await q.query(`
      CREATE FUNCTION tiering_before_go_live() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE go_live date;
      BEGIN
        -- Only a notification being scheduled (PENDING) waits on go-live; a delivery recorded as history is a fact and is kept.
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
    await q.query(
      `COMMENT ON TRIGGER notification_go_live ON notification IS 'Go-live (issue 14): a tier that took effect before the site''s go-live day counts for history but schedules no notification.'`,
    );
    // ... nor supersedes the pending one (an old incident recorded late must not leave the offender without any notice).
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
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER notification_keep_before_go_live ON notification`);
    await q.query(`DROP FUNCTION tiering_keep_before_go_live()`);
    await q.query(`DROP TRIGGER notification_go_live ON notification`);
    await q.query(`DROP FUNCTION tiering_before_go_live()`);
    await q.query(`DROP TABLE letter_template, site_profile, call_in_invitation, call_in_speaker, call_in_session`);
    await q.query(`DROP FUNCTION tiering_letter_template_immutable()`);
  }
}
