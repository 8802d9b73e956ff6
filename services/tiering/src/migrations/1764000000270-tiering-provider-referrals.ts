import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Referrals sent to offender-services providers (issue 14.3): a coordinator sends a referral of the
 * offer of help to the provider the site's service directory names for its service. The referral then
 * records the provider (its id in PROVIDER_AGENCIES), when and by whom it was sent, and a snapshot of
 * the offender's name read from incidents at that moment by tiering's service principal: the provider
 * reads that copy here and never an offender of incidents.
 */
export class TieringProviderReferrals1764000000270 implements MigrationInterface {
  name = 'TieringProviderReferrals1764000000270';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE offender_service_referral
        ADD COLUMN provider_agency text,
        ADD COLUMN sent_at timestamptz,
        ADD COLUMN sent_by text,
        ADD COLUMN offender_name text,
        ADD CONSTRAINT offender_service_referral_sent CHECK (
          (provider_agency IS NULL AND sent_at IS NULL AND sent_by IS NULL AND offender_name IS NULL)
          OR (provider_agency IS NOT NULL AND sent_at IS NOT NULL AND sent_by IS NOT NULL AND offender_name IS NOT NULL))`);
    await q.query(
      `CREATE INDEX offender_service_referral_provider ON offender_service_referral (provider_agency, sent_at DESC, id) WHERE provider_agency IS NOT NULL`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX offender_service_referral_provider`);
    await q.query(`
      ALTER TABLE offender_service_referral DROP CONSTRAINT offender_service_referral_sent,
        DROP COLUMN provider_agency, DROP COLUMN sent_at, DROP COLUMN sent_by, DROP COLUMN offender_name`);
  }
}
