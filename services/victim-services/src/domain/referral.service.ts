/**
 * Referrals and the outreach on them: the caller's agency's queues, closing a referral, and logging
 * an attempt to reach the victim (which moves the referral on). Validates, decides, and writes
 * through the repositories in one transaction.
 */
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { Problems, TEXT, agency, id, intBetween, list, notFound, optionalText, pastInstant, type Connection, type PageArgs } from '@ipvi/core';
import type { OutreachAttemptEntity, OutreachOutcome, ReferralEntity, ReferralState } from '../entities';
import type { RecordOutreachAttemptInput, ReferralFilter } from '../generated/resolvers';
import type { DomainEnv } from './env';
import { instantIdConnection, instantIdPage } from './paging';

const MAX_HOURS = 24 * 366;
const STATES = ['NEW', 'ATTEMPTING', 'CONTACTED', 'CLOSED'] as const;

/** Outcomes that mean the victim was reached. */
export function isReached(outcome: OutreachOutcome): boolean {
  return outcome.startsWith('REACHED_');
}

/** Where a referral goes after an attempt: a closed one stays closed; reached -> CONTACTED; a first attempt -> ATTEMPTING. */
export function stateAfterAttempt(state: ReferralState, reached: boolean): ReferralState {
  if (state === 'CLOSED') return state;
  if (reached) return 'CONTACTED';
  return state === 'NEW' ? 'ATTEMPTING' : state;
}

/** The first contact after an attempt: the earliest reached attempt. */
export function firstContactAfter(current: Date | null, attemptedAt: Date, reached: boolean): Date | null {
  if (!reached) return current;
  return current && current.getTime() <= attemptedAt.getTime() ? current : attemptedAt;
}

export class ReferralService {
  constructor(private readonly env: DomainEnv) {}

  /** The caller's agency's referrals, newest first; the filter picks a queue. */
  async page(args: PageArgs, filter: ReferralFilter | null | undefined): Promise<Connection<ReferralEntity>> {
    const p = new Problems('filter');
    const f = p.parse(
      z.object({
        states: list(z.enum(STATES), STATES.length).nullish(),
        noContactForHours: intBetween(0, MAX_HOURS).nullish(),
        agency: agency(this.env.config, ['police']).nullish(),
      }),
      filter ?? {},
    );
    const valid = p.done(f);
    const page = instantIdPage(args);
    const hours = valid.noContactForHours;
    const { rows, total, preceding } = await this.env.repos.referrals.page(
      {
        states: valid.states ?? undefined,
        noContactSince: hours === null || hours === undefined ? undefined : new Date(this.env.now().getTime() - hours * 3600_000),
        policeAgency: valid.agency ?? undefined,
      },
      page.limit,
      page.after,
    );
    return instantIdConnection(rows, page.limit, total, (r) => r.referredAt, preceding);
  }

  /** Closes a referral of the caller's agency (NOT_FOUND for any other). Idempotent. */
  async close(input: { referralId: string }): Promise<ReferralEntity> {
    const p = new Problems();
    p.done(p.parse(z.object({ referralId: id() }), input));
    return this.env.ds.transaction(async (m) => {
      const referral = await this.env.repos.referrals.lockVisible(m, input.referralId);
      if (!referral) throw notFound('Referral');
      return this.env.repos.referrals.update(m, referral.id, { state: 'CLOSED' });
    });
  }

  /** Records the attempt and moves the referral on (NEW -> ATTEMPTING, reached -> CONTACTED), in one transaction. */
  async recordOutreachAttempt(input: RecordOutreachAttemptInput): Promise<{ attempt: OutreachAttemptEntity; referral: ReferralEntity }> {
    const now = this.env.now();
    const p = new Problems();
    const v = p.done(p.parse(z.object({ referralId: id(), attemptedAt: pastInstant(now).nullish(), notes: optionalText(TEXT.long) }), input));
    const attemptedAt = v.attemptedAt ?? now;
    const reached = isReached(input.outcome);
    return this.env.ds.transaction(async (m) => {
      const referral = await this.env.repos.referrals.lockVisible(m, v.referralId);
      if (!referral) throw notFound('Referral');
      const attempt = await this.env.repos.referrals.insertAttempt(m, {
        id: randomUUID(),
        referralId: referral.id,
        attemptedAt,
        channel: input.channel,
        reached,
        outcome: input.outcome,
        notes: v.notes ?? null,
        recordedBy: this.env.principal.sub,
        recordedAt: now,
      });
      const moved = await this.env.repos.referrals.update(m, referral.id, {
        state: stateAfterAttempt(referral.state, reached),
        firstContactAt: firstContactAfter(referral.firstContactAt, attemptedAt, reached),
      });
      return { attempt, referral: moved };
    });
  }
}
