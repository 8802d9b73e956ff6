import type { MigrationInterface, QueryRunner } from 'typeorm';

const LANGUAGES = ['EN', 'ES', 'FR', 'AR', 'ZH', 'VI', 'KO', 'HMN', 'RU', 'PT', 'HT', 'HI', 'TL', 'SW', 'ASE', 'OTHER'];
const LIST = LANGUAGES.map((l) => `'${l}'`).join(',');

/**
 * A client's preferred language is a closed list (the GraphQL enum SpokenLanguage, issue 10.1), stored as
 * its names: ISO 639 codes as typed become upper case; anything else becomes OTHER.
 */
export class LanguageEnum1764000000340 implements MigrationInterface {
  name = 'LanguageEnum1764000000340';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`UPDATE client SET preferred_language = CASE WHEN upper(btrim(preferred_language)) IN (${LIST}) THEN upper(btrim(preferred_language)) ELSE 'OTHER' END
                   WHERE preferred_language IS NOT NULL`);
    await q.query(`ALTER TABLE client ADD CONSTRAINT client_preferred_language CHECK (preferred_language IN (${LIST}))`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE client DROP CONSTRAINT client_preferred_language`);
  }
}
