/** A site's go-live instant (midnight UTC of its latest profile's go-live day). Queries only. */
import type { EntityManager } from 'typeorm';

export async function goLiveOf(m: EntityManager, agencyOri: string): Promise<Date | null> {
  const [row] = (await m.query(
    `SELECT (p.go_live_on::timestamp AT TIME ZONE 'UTC') AS at FROM site_profile p WHERE p.agency_ori = $1 ORDER BY p.version DESC LIMIT 1`,
    [agencyOri],
  )) as { at: Date }[];
  return row?.at ?? null;
}
