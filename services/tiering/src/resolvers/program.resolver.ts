/**
 * Resolvers of the program workflows (issue 14): the roster, call-in sessions, site profiles and
 * letter templates. Thin: arguments to a domain service or a loader. `withProgram` merges them into
 * the subgraph's resolver map (server.ts).
 */
import { scalarResolvers, type PageArgs } from '@ipvi/core';
import { CallInService } from '../domain/call-in.service';
import { ReviewService } from '../domain/review.service';
import { RosterService, type TierRosterFilter } from '../domain/roster.service';
import { SiteService, type PublishSiteProfileInput } from '../domain/site.service';
import type { Language } from '../letters/templates';
import { siteTemplateVersion } from '../letters/site-letter';
import { programLoaders } from '../program-loaders';
import type { InvitationRow, SessionRow, SpeakerRole } from '../repositories/call-in.repository';
import type { NotificationRow } from '../repositories/notification.repository';
import type { LetterTemplateRow, TemplateState } from '../repositories/site.repository';
import type { ReviewRow } from '../repositories/review.repository';
import type { RosterRow } from '../repositories/roster.repository';
import { commands, ref, type Ctx } from './context';
import { Notification as NotificationBase } from './notification.resolver';

type Input<T> = { input: T };

function callIns(ctx: Ctx): CallInService {
  const l = programLoaders(ctx);
  return new CallInService({
    ds: ctx.loaders.ds,
    principal: ctx.principal,
    config: ctx.config,
    audit: ctx.audit,
    now: ctx.now,
    agencies: l.agencies,
    scope: l.scope,
    delivery: commands(ctx).notifications,
    reader: l.callIns,
  });
}

function sites(ctx: Ctx): SiteService {
  const l = programLoaders(ctx);
  return new SiteService({
    ds: ctx.loaders.ds,
    principal: ctx.principal,
    config: ctx.config,
    audit: ctx.audit,
    now: ctx.now,
    agencies: l.agencies,
    reader: l.sites,
  });
}

function reviews(ctx: Ctx): ReviewService {
  const l = programLoaders(ctx);
  return new ReviewService({ ds: ctx.loaders.ds, principal: ctx.principal, audit: ctx.audit, now: ctx.now, agencies: l.agencies, reader: l.reviews });
}

const session = async (ctx: Ctx, id: string) => ({ session: await programLoaders(ctx).session.load(id) });
const template = async (ctx: Ctx, id: string) => ({ template: await programLoaders(ctx).template.load(id) });

const Query = {
  tierRoster: async (_: unknown, args: PageArgs & { filter?: TierRosterFilter | null }, ctx: Ctx) => {
    const page = await new RosterService(programLoaders(ctx).roster, ctx.config).page(args, args.filter);
    return { ...page, edges: page.edges.map((e: { cursor: string; node: RosterRow }) => ({ cursor: e.cursor, node: ctx.loaders.assignment.load(e.node.id) })) };
  },
  callInSessions: (_: unknown, args: PageArgs & { filter?: { agency?: string | null; startsAfter?: Date | null } | null }, ctx: Ctx) =>
    callIns(ctx).page(args, args.filter),
  callInSession: (_: unknown, { id }: { id: string }, ctx: Ctx) => programLoaders(ctx).session.load(id),
  siteProfile: (_: unknown, { agency }: { agency?: string | null }, ctx: Ctx) => sites(ctx).current(agency),
  siteProfileVersions: (_: unknown, args: PageArgs & { agency?: string | null; filter?: { agency?: string | null } | null }, ctx: Ctx) =>
    sites(ctx).versions(args),
  letterTemplates: (
    _: unknown,
    args: PageArgs & { filter?: { agency?: string | null; language?: Language | null; state?: TemplateState | null } | null },
    ctx: Ctx,
  ) => sites(ctx).templates(args, args.filter),
  notificationReviews: (_: unknown, args: PageArgs & { filter?: { open?: boolean | null } | null }, ctx: Ctx) => reviews(ctx).page(args, args.filter),
};

const Mutation = {
  scheduleCallInSession: async (
    _: unknown,
    { input }: Input<{ agency?: string | null; startsAt: Date; place: string; speakers: { role: SpeakerRole; name: string; organisation?: string | null }[] }>,
    ctx: Ctx,
  ) => session(ctx, await callIns(ctx).schedule(input)),
  inviteToCallIn: async (_: unknown, { input }: Input<{ sessionId: string; offenderIds: string[] }>, ctx: Ctx) =>
    session(ctx, await callIns(ctx).invite(input)),
  recordCallInAttendance: async (_: unknown, { input }: Input<{ sessionId: string; attendance: { offenderId: string; attended: boolean }[] }>, ctx: Ctx) =>
    session(ctx, await callIns(ctx).recordAttendance(input)),
  publishSiteProfile: async (_: unknown, { input }: Input<PublishSiteProfileInput>, ctx: Ctx) => {
    const service = sites(ctx);
    return { profile: await service.current(await service.publish(input)) };
  },
  draftLetterTemplate: async (
    _: unknown,
    { input }: Input<{ agency?: string | null; language: Language; title: string; message: string; closing: string }>,
    ctx: Ctx,
  ) => template(ctx, await sites(ctx).draft(input)),
  approveLetterTemplate: async (_: unknown, { input }: Input<{ templateId: string }>, ctx: Ctx) => template(ctx, await sites(ctx).approve(input)),
  closeNotificationReview: async (_: unknown, { input }: Input<{ reviewId: string; resolution: string }>, ctx: Ctx) => ({
    review: await programLoaders(ctx).review.load(await reviews(ctx).close(input)),
  }),
};

const NotificationReview = {
  notification: (r: ReviewRow, _: unknown, ctx: Ctx) => ctx.loaders.notification.load(r.notificationId),
  offender: (r: ReviewRow) => ref('Offender', r.offenderId),
};

const CallInSession = {
  agency: (s: SessionRow) => s.agencyOri,
  speakers: (s: SessionRow, _: unknown, ctx: Ctx) => programLoaders(ctx).speakers.load(s.id),
  invitations: (s: SessionRow, _: unknown, ctx: Ctx) => programLoaders(ctx).invitations.load(s.id),
};

const CallInInvitation = {
  offender: (i: InvitationRow) => ref('Offender', i.offenderId),
  notification: (i: InvitationRow, _: unknown, ctx: Ctx) => ctx.loaders.notification.load(i.notificationId),
};

const SiteProfile = { agency: (p: { agencyOri: string }) => p.agencyOri };

const LetterTemplate = {
  agency: (t: LetterTemplateRow) => t.agencyOri,
  templateVersion: (t: LetterTemplateRow) => siteTemplateVersion(t),
};

/** Notification.letter in the site's voice: the approved template and profile of the notification's site, when it has them. */
const Notification = {
  letter: async (n: NotificationRow & { offenderName?: string | null }, args: unknown, ctx: Ctx) => {
    const language = (await ctx.loaders.language.load(n.offenderId))?.language ?? 'en';
    const voice = await programLoaders(ctx).voice(n.agencyOri, language, n.createdAt);
    return NotificationBase.letter({ ...n, siteVoice: voice.template ? { profile: voice.profile, template: voice.template } : null } as typeof n, args, ctx);
  },
};

const PROGRAM = { Query, Mutation, NotificationReview, CallInSession, CallInInvitation, SiteProfile, LetterTemplate, Notification } as const;

/** The subgraph's resolver map with the program workflows merged in (type by type). */
export function withProgram<R extends Record<string, unknown>>(resolvers: R): R {
  const out: Record<string, unknown> = { ...resolvers, Date: scalarResolvers.Date };
  for (const [type, fields] of Object.entries(PROGRAM)) out[type] = { ...((resolvers[type] as object | undefined) ?? {}), ...fields };
  return out as R;
}
