/**
 * Offenders' names for the referrals a coordinator sends to an offender-services provider (issue
 * 14.3). Names live only in incidents; tiering reads one, at the moment of sending, through the
 * gateway with its own service principal (incidents' Query.offenderNameForReferral, class
 * REFERRAL_NAME: tiering's service principal only), so the read is authorized and audited in
 * incidents as any other (a READ by SERVICE_TIERING naming the offender). The provider then reads
 * tiering's copy and never any offender of incidents.
 *
 * Like the feed consumers, the source needs the gateway's address, which the process learns only when
 * the gateway is up: bindOffenderNames() keeps it per database (one per running tiering service).
 */
import type { DataSource } from 'typeorm';
import { describeGatewayFailure, gatewayFailed, postToGateway, serviceTokenSource, type ConsumerEnv, type TokenSource } from '@ipvi/core';

export type OffenderNameSource = (offenderId: string) => Promise<string | null>;

const DOCUMENT = `query OffenderNameForReferral($id: ID!) { offenderNameForReferral(id: $id) { id name } }`;

/** Reads one offender's name through the gateway as tiering's service principal; null when incidents has no such offender. */
export function gatewayOffenderNames(gatewayUrl: () => string, token: TokenSource): OffenderNameSource {
  return async (offenderId) => {
    const a = await postToGateway<{ offenderNameForReferral?: { id: string; name: string } | null }>(gatewayUrl, token, DOCUMENT, { id: offenderId }, 15_000);
    if (gatewayFailed(a)) throw new Error(describeGatewayFailure('offender name for a provider referral', a));
    return a.data?.offenderNameForReferral?.name ?? null;
  };
}

const sources = new WeakMap<DataSource, OffenderNameSource>();

/** Binds the name source of the tiering service that owns `env.ds` (called once, where its consumers are made). */
export function bindOffenderNames(env: ConsumerEnv): void {
  sources.set(env.ds, gatewayOffenderNames(env.gatewayUrl, serviceTokenSource(env.config, 'tiering', 'SERVICE_TIERING')));
}

/** The name source of the tiering service that owns `ds`. */
export function offenderNamesFor(ds: DataSource): OffenderNameSource {
  const source = sources.get(ds);
  if (!source) throw new Error('the offender name source of this tiering service is not bound (bindOffenderNames)');
  return source;
}
