/** A site's go-live instant (midnight UTC of its latest profile's go-live day). Queries only. */
import type { EntityManager } from 'typeorm';

export async function goLiveOf(m: EntityManager, agencyOri: string): Promise<Date | null> {
  const [row] = (await m.query(
    `SELECT (p.go_live_on::timestamp AT TIME ZONE 'UTC') AS at FROM site_profile p WHERE p.agency_ori = $1 ORDER BY p.version DESC LIMIT 1`,
    [agencyOri],
  )) as { at: Date }[];
  return row?.at ?? null;
}

/** Every site's go-live instant as one JSON object, agency to ISO-8601 instant (`goLivesFrom` reads it); a site without a profile is not in it. */
export const GO_LIVES_SQL = `SELECT coalesce(json_object_agg(agency_ori, at), '{}') FROM (
    SELECT DISTINCT ON (p.agency_ori) p.agency_ori, (p.go_live_on::timestamp AT TIME ZONE 'UTC') AS at FROM site_profile p ORDER BY p.agency_ori, p.version DESC
  ) g`;

export function goLivesFrom(json: Record<string, string>): ReadonlyMap<string, Date> {
  return new Map(Object.entries(json).map(([agency, at]) => [agency, new Date(at)]));
}
