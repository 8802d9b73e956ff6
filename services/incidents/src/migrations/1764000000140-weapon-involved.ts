import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Whether a weapon was involved is a domain rule (model/incident-record.ts isWeaponInvolved), decided
 * once when an incident is written and stored, instead of computed again by a resolver and in the feed's
 * SQL. Existing rows are backfilled with the same rule (the NIBRS codes of nibrs.ts WEAPON_INVOLVED_CODES).
 */
export class WeaponInvolved1764000000140 implements MigrationInterface {
  name = 'WeaponInvolved1764000000140';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE incident ADD COLUMN weapon_involved boolean NOT NULL DEFAULT false`);
    await q.query(`UPDATE incident SET weapon_involved = coalesce(weapon_code = ANY($1::text[]), false)`, [
      ['11', '12', '13', '14', '15', '20', '30', '35', '50', '60', '65', '70', '90'],
    ]);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE incident DROP COLUMN weapon_involved`);
  }
}
