/**
 * Go-live (issue 14): a tier that took effect before its site's go-live day counts for tier history
 * but schedules no notification, and it supersedes none either (an old incident recorded late must
 * not leave the offender without the notice of a tier that took effect after go-live). A site
 * without a profile has no go-live day: every tier is noticed.
 */
import type { EntityManager } from 'typeorm';
import { goLiveOf } from '../repositories/go-live.repository';

/**
 * Whether a tier of `agencyOri` that took effect at `effectiveAt` is held back from notices (it predates go-live).
 * `goLives`: every site's go-live instant when the caller has read them already (a feed page reads them once for all
 * its events); a site not in it has no profile.
 */
export async function heldBeforeGoLive(m: EntityManager, agencyOri: string, effectiveAt: Date, goLives?: ReadonlyMap<string, Date>): Promise<boolean> {
  const goLive = goLives ? (goLives.get(agencyOri) ?? null) : await goLiveOf(m, agencyOri);
  return goLive !== null && effectiveAt.getTime() < goLive.getTime();
}
