/**
 * The coordinators' review queue: a pending notification whose tier used an incident that an
 * amendment moved to another offender is opened for review (domain/review.rules.ts, when the feed
 * applies the amendment) with the reason. A coordinator closes it with what was decided (for example a tier
 * override, which supersedes the notification, or keeping it because other incidents still justify it).
 */
import { z } from 'zod';
import { conflict, CursorShapes, notFound, Problems, requiredText, type Connection, type PageArgs, type Principal } from '@ipvi/core';
import type { DataSource } from 'typeorm';
import type { ReviewReader, ReviewRow } from '../repositories/review.repository';
import { closeReview } from '../repositories/review.repository';
import { pageIn, rowId } from './inputs';

const RESOLUTION = 2000;

export interface ReviewDeps {
  readonly ds: DataSource;
  readonly principal: Principal;
  readonly now: () => Date;
  readonly agencies: readonly string[];
  readonly reader: ReviewReader;
}

export class ReviewService {
  constructor(private readonly d: ReviewDeps) {}

  page(args: PageArgs, filter: { open?: boolean | null } | null | undefined): Promise<Connection<ReviewRow>> {
    const p = new Problems('');
    const v = p.parse(z.object({ filter: z.object({ open: z.boolean().nullish() }).nullish() }), { filter });
    const page = pageIn<[string, string]>(p, args, CursorShapes.instantAndId);
    const f = p.done(v).filter;
    return this.d.reader.page(page!.limit, page!.after, f?.open ?? null);
  }

  async close(input: { reviewId: string; resolution: string }): Promise<string> {
    const p = new Problems();
    const { reviewId, resolution } = p.done(p.parse(z.object({ reviewId: rowId(), resolution: requiredText(RESOLUTION) }), input));
    const outcome = await this.d.ds.transaction((m) => closeReview(m, reviewId, this.d.agencies, resolution, this.d.now(), this.d.principal.sub));
    if (outcome === 'MISSING') throw notFound('Notification review');
    if (outcome === 'ALREADY_CLOSED') throw conflict('This review is already closed.');
    return reviewId;
  }
}
