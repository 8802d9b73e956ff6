/** A site's go-live instant (midnight UTC of its latest profile's go-live day). Queries only. */
import type { EntityManager } from 'typeorm';

/** SQL: the go-live instant of the site whose agency is the text `agencySql` (NULL: it has no profile). */
export function goLiveAtSql(agencySql: string): string {
  return `(SELECT (p.go_live_on::timestamp AT TIME ZONE 'UTC') FROM site_profile p WHERE p.agency_ori = ${agencySql} ORDER BY p.version DESC LIMIT 1)`;
}

export async function goLiveOf(m: EntityManager, agencyOri: string): Promise<Date | null> {
  const [row] = (await m.query(`SELECT ${goLiveAtSql('$1::text')} AS at`, [agencyOri])) as { at: Date | null }[];
  return row?.at ?? null;
}
