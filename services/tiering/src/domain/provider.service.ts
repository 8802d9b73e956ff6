/**
 * Referrals to offender-services providers (issue 14.3). The offer of help raises one OFFERED referral
 * per service with a delivered notification (followup.repository); a coordinator of the notification's
 * agency then SENDS it to the provider the site's service directory names for that service
 * (sendReferralToProvider): the referral records the provider, the time and a snapshot of the
 * offender's name, read at that moment from incidents by tiering's own service principal. From then on
 * the provider reads it (providerReferrals: the name, the service, the status and dates; nothing else)
 * and moves it along OFFERED -> ACCEPTED -> ENROLLED -> COMPLETED, or DECLINED, with dates in time
 * order (recordProviderReferralStatus). Coordinators see the status on the referral itself.
 */
import type { DataSource } from 'typeorm';
import { z } from 'zod';
import {
  agencyKind,
  conflict,
  CursorShapes,
  isUuid,
  list,
  normalizeAgency,
  notFound,
  pastInstant,
  Problems,
  type Connection,
  type HubConfig,
  type PageArgs,
  type Principal,
} from '@ipvi/core';
import { offenderNamesFor } from '../feed/offender-name.source';
import { lockReferral, REFERRAL_STATUSES, setReferralStatus, type ReferralStatus } from '../repositories/followup.repository';
import {
  lockForSending,
  lockProviderReferral,
  markSent,
  providerOf,
  providerReferral,
  ProviderReferralReader,
  type ProviderReferralRow,
  type SendableReferral,
} from '../repositories/provider-referral.repository';
import type { TieringScope } from '../repositories/scope';
import { currentProfile } from '../repositories/site.repository';
import { SERVICES, type OfferedService } from '../policy/tier-policy';
import { pageIn, providerAgency } from './inputs';
import { NEXT_REFERRAL_STATUS, reachedAt } from './referral-moves';

export interface ProviderDeps {
  readonly ds: DataSource;
  readonly principal: Principal;
  readonly scope: TieringScope;
  readonly config: HubConfig;
  readonly now: () => Date;
}

const PROVIDER_MOVES = ['ACCEPTED', 'ENROLLED', 'COMPLETED', 'DECLINED'] as const satisfies readonly ReferralStatus[];
const MISSING = 'Service referral';

export interface ProviderReferralFilter {
  statuses?: readonly ReferralStatus[] | null;
  services?: readonly OfferedService[] | null;
}

export class ProviderReferralService {
  constructor(private readonly d: ProviderDeps) {}

  /** The caller's referrals (a provider's own; nobody else has any here), most recently sent first. */
  list(args: PageArgs, filter: ProviderReferralFilter | null | undefined): Promise<Connection<ProviderReferralRow>> {
    const p = new Problems('');
    const v = p.parse(
      z.object({
        filter: z
          .object({
            statuses: list(z.enum(REFERRAL_STATUSES)).min(1, 'must list one or more referral statuses').nullish(),
            services: list(z.enum(SERVICES)).min(1, 'must list one or more services').nullish(),
          })
          .nullish(),
      }),
      { filter },
    );
    const page = pageIn<[string, string]>(p, args, CursorShapes.instantAndId);
    const f = p.done(v).filter;
    return new ProviderReferralReader(this.d.ds, this.d.principal).page({
      limit: page!.limit,
      after: page!.after,
      statuses: f?.statuses ?? null,
      services: f?.services ?? null,
    });
  }

  /** A coordinator sends a referral of its agency to the provider the site's directory names for the service; returns its id. */
  async send(input: { referralId: string; providerAgency?: string | null }): Promise<string> {
    const p = new Problems();
    const v = p.done(p.parse(z.object({ referralId: z.string(), providerAgency: providerAgency(this.d.config).nullish() }), input));
    if (!isUuid(v.referralId)) throw notFound(MISSING);
    const wanted = v.providerAgency ?? null;
    // Decide before reading the name (a refused send reads nothing), then decide again under the lock.
    const first = await this.d.ds.transaction((m) => this.sendable(m, v.referralId, wanted));
    const name = await offenderNamesFor(this.d.ds)(first.referral.offenderId);
    if (name === null) throw conflict("The offender's record cannot be read from incidents; the referral was not sent.");
    return this.d.ds.transaction(async (m) => {
      const { referral, provider } = await this.sendable(m, v.referralId, wanted);
      await markSent(m, referral.id, { provider, at: this.d.now(), by: this.d.principal.sub, offenderName: name });
      return referral.id;
    });
  }

  private async sendable(
    m: Parameters<typeof lockForSending>[0],
    id: string,
    wanted: string | null,
  ): Promise<{ referral: SendableReferral; provider: string }> {
    // Only a referral of a notification the caller's agencies own; another agency's answers like a missing one.
    if (!(await lockReferral(m, id, this.d.scope))) throw notFound(MISSING);
    const referral = await lockForSending(m, id);
    if (!referral) throw notFound(MISSING);
    if (referral.providerAgency !== null) throw conflict('The referral was already sent to a provider.');
    if (referral.status !== 'OFFERED') throw conflict(`A referral that is ${referral.status} is not sent to a provider.`);
    const profile = await currentProfile(m, referral.agencyOri);
    const named = (profile?.services ?? [])
      .filter((s) => s.service === referral.service && typeof s.providerAgency === 'string')
      .map((s) => normalizeAgency(s.providerAgency!))
      .filter((a) => agencyKind(this.d.config, a) === 'provider');
    const p = new Problems();
    p.check(wanted === null || named.includes(wanted), 'providerAgency', "is not named for this referral's service in the site's service directory");
    p.throwIfAny();
    const provider = wanted ?? named[0];
    if (provider === undefined) throw conflict("The site's service directory names no provider for this referral's service.");
    return { referral, provider };
  }

  /** The provider moves one of its referrals along, dated; returns the referral as the provider sees it. */
  async record(input: { referralId: string; status: ReferralStatus; at?: Date | null }): Promise<ProviderReferralRow> {
    const provider = providerOf(this.d.principal);
    const now = this.d.now();
    const p = new Problems();
    const v = p.done(p.parse(z.object({ referralId: z.string(), status: z.enum(PROVIDER_MOVES), at: pastInstant(now).nullish() }), input));
    const at = v.at ?? now;
    return this.d.ds.transaction(async (m) => {
      // Another provider's referral answers exactly like a missing one.
      const r = provider !== null && isUuid(v.referralId) ? await lockProviderReferral(m, v.referralId, provider) : null;
      if (!r) throw notFound(MISSING);
      if (!NEXT_REFERRAL_STATUS[r.status].includes(v.status)) throw conflict(`A referral that is ${r.status} cannot become ${v.status}.`);
      const since = reachedAt(r);
      p.check(at.getTime() >= since.at.getTime(), 'at', `must not be before the referral was ${since.what}`);
      p.throwIfAny();
      await setReferralStatus(m, r.id, v.status, at, this.d.principal.sub);
      return (await providerReferral(m, r.id, provider!))!;
    });
  }
}
