/**
 * Per-request readers and DataLoaders of the program workflows (roster, call-ins, site voice), made
 * once per request beside the subgraph's own loaders (loaders.ts) and kept apart from them so the two
 * evolve without touching each other.
 */
import { agencyScope, listLoader, rowLoader } from '@ipvi/core';
import type { Language } from './letters/templates';
import { CallInReader, type InvitationRow, type SessionRow, type SpeakerRow } from './repositories/call-in.repository';
import { programScope } from './repositories/program-scope';
import { ReviewReader, type ReviewRow } from './repositories/review.repository';
import { RosterRepository } from './repositories/roster.repository';
import { SiteReader, voiceAt, type LetterTemplateRow } from './repositories/site.repository';
import type { Ctx } from './resolvers/context';

function create(ctx: Ctx) {
  const ds = ctx.loaders.ds;
  const scope = programScope(ctx.principal, ctx.config);
  const agencies = agencyScope(ctx.principal, ctx.config, 'notification').policeAgencies;
  const callIns = new CallInReader(ds, agencies);
  const sites = new SiteReader(ds, agencies);
  const reviews = new ReviewReader(ds, agencies);
  const voices = new Map<string, ReturnType<typeof voiceAt>>();
  return {
    scope,
    agencies,
    roster: new RosterRepository(ds, scope),
    callIns,
    sites,
    session: rowLoader(
      (ids: readonly string[]) => callIns.byIds(ids),
      (r: SessionRow) => r.id,
    ),
    speakers: listLoader(
      (ids: readonly string[]) => callIns.speakers(ids),
      (r: SpeakerRow) => r.sessionId,
    ),
    invitations: listLoader(
      (ids: readonly string[]) => callIns.invitations(ids),
      (r: InvitationRow) => r.sessionId,
    ),
    reviews,
    review: rowLoader(
      (ids: readonly string[]) => reviews.byIds(ids),
      (r: ReviewRow) => r.id,
    ),
    template: rowLoader(
      (ids: readonly string[]) => sites.templatesByIds(ids),
      (r: LetterTemplateRow) => r.id,
    ),
    /** The site voice a notification's letter is written with (cached per request). */
    voice(agency: string, language: Language, scheduledAt: Date) {
      const key = `${agency}|${language}|${scheduledAt.toISOString()}`;
      if (!voices.has(key)) voices.set(key, voiceAt(ds, agency, language, scheduledAt));
      return voices.get(key)!;
    },
  };
}

export type ProgramLoaders = ReturnType<typeof create>;

const perRequest = new WeakMap<object, ProgramLoaders>();

/** The request's program loaders (made on first use, keyed by the request's own loaders object). */
export function programLoaders(ctx: Ctx): ProgramLoaders {
  let l = perRequest.get(ctx.loaders);
  if (!l) perRequest.set(ctx.loaders, (l = create(ctx)));
  return l;
}
