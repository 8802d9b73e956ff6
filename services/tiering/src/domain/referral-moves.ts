/**
 * How an offer-of-help referral moves, whoever moves it (the owning agency's police through
 * updateOffenderServiceReferral, the provider it was sent to through recordProviderReferralStatus):
 * OFFERED -> ACCEPTED -> ENROLLED -> COMPLETED, or DECLINED, each status dated no earlier than the
 * one before it.
 */
import { InputError } from '@ipvi/core';
import type { ReferralStatus } from '../repositories/followup.repository';

/** Which referral statuses may follow which. */
export const NEXT_REFERRAL_STATUS: Readonly<Record<ReferralStatus, readonly ReferralStatus[]>> = {
  OFFERED: ['ACCEPTED', 'DECLINED'],
  ACCEPTED: ['ENROLLED', 'DECLINED'],
  ENROLLED: ['COMPLETED', 'DECLINED'],
  COMPLETED: [],
  DECLINED: [],
};

/** A referral's status and the dates it reached each status by. */
export interface DatedReferral {
  readonly status: ReferralStatus;
  readonly offeredAt: Date;
  readonly acceptedAt: Date | null;
  readonly enrolledAt: Date | null;
}

/** The instant the referral reached its current status: a move may not be dated before it. */
export function reachedAt(r: DatedReferral): { at: Date; what: string } {
  if (r.status === 'ENROLLED' && r.enrolledAt) return { at: r.enrolledAt, what: 'enrolled' };
  if (r.status === 'ACCEPTED' && r.acceptedAt) return { at: r.acceptedAt, what: 'accepted' };
  return { at: r.offeredAt, what: 'offered' };
}

/** Refuses (BAD_USER_INPUT on input.at, never echoing a date) a move dated before the referral's current status. */
export function assertInTimeOrder(r: DatedReferral, at: Date): void {
  const since = reachedAt(r);
  if (at.getTime() < since.at.getTime()) throw new InputError('input.at', `must not be before the referral was ${since.what}`);
}
