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
import {
  agencyKind,
  conflict,
  CursorShapes,
  InputError,
  isUuid,
  normalizeAgency,
  notFound,
  pageOf,
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
import type { OfferedService } from '../policy/tier-policy';
import { assertInTimeOrder, NEXT_REFERRAL_STATUS } from './referral-moves';

export interface ProviderDeps {
  readonly ds: DataSource;
  readonly principal: Principal;
  readonly scope: TieringScope;
  readonly config: HubConfig;
  readonly now: () => Date;
}

const PROVIDER_MOVES: readonly ReferralStatus[] = ['ACCEPTED', 'ENROLLED', 'COMPLETED', 'DECLINED'];
const MISSING = 'Service referral';

export interface ProviderReferralFilter {
  statuses?: readonly ReferralStatus[] | null;
  services?: readonly OfferedService[] | null;
}

export class ProviderReferralService {
  constructor(private readonly d: ProviderDeps) {}

  /** The caller's referrals (a provider's own; nobody else has any here), most recently sent first. */
  list(args: PageArgs, filter: ProviderReferralFilter | null | undefined): Promise<Connection<ProviderReferralRow>> {
    const page = pageOf(args, CursorShapes.instantAndId);
    const statuses = filter?.statuses ?? null;
    if (statuses && (statuses.length === 0 || statuses.some((s) => !REFERRAL_STATUSES.includes(s))))
      throw new InputError('filter.statuses', 'must list one or more referral statuses');
    const services = filter?.services ?? null;
    if (services && services.length === 0) throw new InputError('filter.services', 'must list one or more services');
    return new ProviderReferralReader(this.d.ds, this.d.principal).page({
      limit: page.limit,
      after: page.after as [string, string] | undefined,
      statuses,
      services,
    });
  }

  /** A coordinator sends a referral of its agency to the provider the site's directory names for the service; returns its id. */
  async send(input: { referralId: string; providerAgency?: string | null }): Promise<string> {
    if (!isUuid(input.referralId)) throw notFound(MISSING);
    const wanted = input.providerAgency == null ? null : normalizeAgency(input.providerAgency);
    if (wanted !== null && agencyKind(this.d.config, wanted) !== 'provider')
      throw new InputError('input.providerAgency', 'is not an offender-services provider of the partnership');
    // Decide before reading the name (a refused send reads nothing), then decide again under the lock.
    const first = await this.d.ds.transaction((m) => this.sendable(m, input.referralId, wanted));
    const name = await offenderNamesFor(this.d.ds)(first.referral.offenderId);
    if (name === null) throw conflict("The offender's record cannot be read from incidents; the referral was not sent.");
    return this.d.ds.transaction(async (m) => {
      const { referral, provider } = await this.sendable(m, input.referralId, wanted);
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
    if (wanted !== null && !named.includes(wanted))
      throw new InputError('input.providerAgency', "is not named for this referral's service in the site's service directory");
    const provider = wanted ?? named[0];
    if (provider === undefined) throw conflict("The site's service directory names no provider for this referral's service.");
    return { referral, provider };
  }

  /** The provider moves one of its referrals along, dated; returns the referral as the provider sees it. */
  async record(input: { referralId: string; status: ReferralStatus; at?: Date | null }): Promise<ProviderReferralRow> {
    const provider = providerOf(this.d.principal);
    if (!PROVIDER_MOVES.includes(input.status)) throw new InputError('input.status', 'must be ACCEPTED, ENROLLED, COMPLETED or DECLINED');
    const now = this.d.now();
    const at = input.at ?? now;
    if (at.getTime() > now.getTime() + 60_000) throw new InputError('input.at', 'may not be in the future');
    return this.d.ds.transaction(async (m) => {
      // Another provider's referral answers exactly like a missing one.
      const r = provider !== null && isUuid(input.referralId) ? await lockProviderReferral(m, input.referralId, provider) : null;
      if (!r) throw notFound(MISSING);
      if (!NEXT_REFERRAL_STATUS[r.status].includes(input.status)) throw conflict(`A referral that is ${r.status} cannot become ${input.status}.`);
      assertInTimeOrder(r, at);
      await setReferralStatus(m, r.id, input.status, at, this.d.principal.sub);
      return (await providerReferral(m, r.id, provider!))!;
    });
  }
}
