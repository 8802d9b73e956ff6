import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Indexes for analysts' counts (issue 13): referrals and advocates' activities grouped by month. */
export class AnalyticsIndexes1764000000390 implements MigrationInterface {
  name = 'AnalyticsIndexes1764000000390';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX referral_referred_at ON referral (referred_at)`);
    await q.query(`CREATE INDEX service_referral_created ON service_referral (created_at)`);
    await q.query(`CREATE INDEX consent_signed ON consent (signed_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX consent_signed, service_referral_created, referral_referred_at`);
  }
}
