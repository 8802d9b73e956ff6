/**
 * Demo data of the tiering database. Tiers are NOT seeded: they come from consuming the seeded
 * incidents' events (npm start runs the consumer; tests call drainFeeds). The seed only records a
 * preferred letter language for some demo offenders, so the demo shows Spanish letters. Idempotent.
 */
import type { DataSource } from 'typeorm';
import { demoHistory, type HubConfig, type Logger } from '@ipvi/core';
import { seedSiteVoice } from './domain/site.seed';

export async function seed(ds: DataSource, { log }: { log: Logger; config: HubConfig }): Promise<void> {
  const spanish = demoHistory()
    .offenders.filter((_, n) => n % 6 === 1)
    .map((o) => o.id);
  await ds.query(
    `INSERT INTO offender_profile (offender_id, preferred_language, updated_at, updated_by)
     SELECT id, 'es', now(), 'demo-seed' FROM unnest($1::uuid[]) AS id ON CONFLICT (offender_id) DO NOTHING`,
    [spanish],
  );
  log.info('seeded demo letter languages', { spanish: spanish.length });
  await seedSiteVoice(ds);
}
