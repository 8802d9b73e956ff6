/**
 * The coordinators' review queue: a pending notification whose tier used an incident that an
 * amendment moved to another offender is opened for review (domain/review.rules.ts, when the feed
 * applies the amendment) with the reason. A coordinator closes it with what was decided (for example a tier
 * override, which supersedes the notification, or keeping it because other incidents still justify it).
 */
import { conflict, decodeCursor, InputError, notFound, pageOf, type Connection, type PageArgs, type Principal } from '@ipvi/core';
import type { DataSource } from 'typeorm';
import type { ReviewReader, ReviewRow } from '../repositories/review.repository';
import { closeReview } from '../repositories/review.repository';
import { id, requiredText } from './inputs';

export interface ReviewDeps {
  readonly ds: DataSource;
  readonly principal: Principal;
  readonly now: () => Date;
  readonly agencies: readonly string[];
  readonly reader: ReviewReader;
}

export class ReviewService {
  constructor(private readonly d: ReviewDeps) {}

  page(args: PageArgs, f: { open?: boolean | null } | null | undefined): Promise<Connection<ReviewRow>> {
    const page = pageOf({ first: args.first });
    const after = args.after ? decodeCursor(args.after) : undefined;
    if (after && (after.length !== 2 || after.some((x) => typeof x !== 'string'))) throw new InputError('after', 'is not a cursor returned by this list');
    return this.d.reader.page(page.limit, after as [string, string] | undefined, f?.open ?? null);
  }

  async close(input: { reviewId: string; resolution: string }): Promise<string> {
    const reviewId = id(input.reviewId, 'input.reviewId');
    const resolution = requiredText(input.resolution, 'input.resolution', 2000);
    const outcome = await this.d.ds.transaction((m) => closeReview(m, reviewId, this.d.agencies, resolution, this.d.now(), this.d.principal.sub));
    if (outcome === 'MISSING') throw notFound('Notification review');
    if (outcome === 'ALREADY_CLOSED') throw conflict('This review is already closed.');
    return reviewId;
  }
}
