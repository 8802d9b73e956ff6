/**
 * The demo's offer of help reaching a provider: after the demo history is replayed, the demo
 * coordinator sends the most recent OFFERED batterer-intervention referrals to the provider the demo
 * site's directory names (BIP-DEMO-01), through the one path a coordinator uses
 * (ProviderReferralService.send: the offender's name is read from incidents by tiering's service
 * principal through the gateway, audited there). So a SERVICE_PROVIDER token sees referrals on
 * `npm start` out of the box. Once: nothing is sent when any referral was sent already.
 */
import type { ConsumerEnv } from '@ipvi/core';
import { createDomain } from '../domain';
import { DEMO_COORDINATOR } from './demo-history';

/** Sends up to `count` demo referrals to their provider; returns how many were sent (0 when the demo sent some before). */
export async function sendDemoReferrals(env: ConsumerEnv, count = 3, now: () => Date = () => new Date()): Promise<number> {
  const [{ sent }] = (await env.ds.query(`SELECT count(*)::int AS sent FROM offender_service_referral WHERE provider_agency IS NOT NULL`)) as [
    { sent: number },
  ];
  if (sent > 0) return 0;
  const offered = (await env.ds.query(
    `SELECT id FROM offender_service_referral WHERE status = 'OFFERED' AND service = 'BATTERER_INTERVENTION' ORDER BY offered_at DESC, id LIMIT $1`,
    [count],
  )) as { id: string }[];
  const providers = createDomain(DEMO_COORDINATOR, env.ds, { config: env.config, now }).providers;
  let done = 0;
  for (const r of offered) {
    await providers.send({ referralId: r.id });
    done++;
  }
  env.log.info('sent demo referrals to the demo provider', { sent: done });
  return done;
}
