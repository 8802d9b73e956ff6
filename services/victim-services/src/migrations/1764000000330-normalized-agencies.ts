import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Agencies are configuration, compared normalised (trimmed, upper case; issue 9.5): a consent's
 * recipient typed as `nc0410300` never matched the police agency `NC0410300`. Existing rows are
 * normalised; new ones are stored so by the domain services. Recipients that name no configured
 * agency stay as they are (they release nothing: no principal carries such an agency).
 */
export class NormalizedAgencies1764000000330 implements MigrationInterface {
  name = 'NormalizedAgencies1764000000330';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`UPDATE consent SET recipient_agency = upper(btrim(recipient_agency)) WHERE recipient_agency <> upper(btrim(recipient_agency))`);
    await q.query(`UPDATE referral SET police_agency = upper(btrim(police_agency)) WHERE police_agency <> upper(btrim(police_agency))`);
  }

  async down(): Promise<void> {
    // Nothing to undo: the typed spelling is not kept.
  }
}
