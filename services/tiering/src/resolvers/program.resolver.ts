/**
 * Resolvers of the program workflows (issue 14): the roster, call-in sessions, site profiles, letter
 * templates and the coordinators' review queue. Thin: arguments to a domain service or a loader.
 */
import type {
  CallInInvitationResolvers,
  CallInSessionResolvers,
  LetterTemplateResolvers,
  MutationResolvers,
  NotificationReviewResolvers,
  QueryResolvers,
  SiteProfileResolvers,
} from '../generated/resolvers';
import { siteTemplateVersion } from '../letters/site-letter';
import { ref, written, type TieringContext } from './context';

const session = async (ctx: TieringContext, id: string, offenders: readonly string[] = []) => ({
  session: written(await ctx.loaders.session.load(id), 'Call-in session'),
  offenders: offenders.map(ref),
});
const template = async (ctx: TieringContext, id: string) => ({ template: written(await ctx.loaders.template.load(id), 'Letter template') });

export const ProgramQuery: QueryResolvers = {
  tierRoster: async (_, args, ctx) => {
    const page = await ctx.domain.roster.page(args, args.filter);
    return {
      ...page,
      edges: page.edges.map((e) => ({ cursor: e.cursor, node: ctx.loaders.assignment.load(e.node.id).then((a) => written(a, 'Tier assignment')) })),
    };
  },
  callInSessions: (_, args, ctx) => ctx.domain.callIns.page(args, args.filter),
  callInSession: (_, { id }, ctx) => ctx.loaders.session.load(id),
  siteProfile: (_, { agency }, ctx) => ctx.domain.sites.current(agency),
  siteProfileVersions: (_, args, ctx) => ctx.domain.sites.versions(args),
  letterTemplates: (_, args, ctx) => ctx.domain.sites.templates(args, args.filter),
  notificationReviews: (_, args, ctx) => ctx.domain.reviews.page(args, args.filter),
};

export const ProgramMutation: MutationResolvers = {
  scheduleCallInSession: async (_, { input }, ctx) => session(ctx, await ctx.domain.callIns.schedule(input)),
  inviteToCallIn: async (_, { input }, ctx) => session(ctx, await ctx.domain.callIns.invite(input), input.offenderIds),
  recordCallInAttendance: async (_, { input }, ctx) =>
    session(
      ctx,
      await ctx.domain.callIns.recordAttendance(input),
      input.attendance.map((a) => a.offenderId),
    ),
  publishSiteProfile: async (_, { input }, ctx) => {
    const { agency, version } = await ctx.domain.sites.publish(input);
    return { id: `${agency}:${version}`, profile: written(await ctx.domain.sites.current(agency), 'Site profile') };
  },
  draftLetterTemplate: async (_, { input }, ctx) => template(ctx, await ctx.domain.sites.draft(input)),
  approveLetterTemplate: async (_, { input }, ctx) => template(ctx, await ctx.domain.sites.approve(input)),
  closeNotificationReview: async (_, { input }, ctx) => ({
    review: written(await ctx.loaders.review.load(await ctx.domain.reviews.close(input)), 'Notification review'),
  }),
};

export const NotificationReview: NotificationReviewResolvers = {
  notification: (r, _, ctx) => ctx.loaders.notification.load(r.notificationId),
  offender: (r) => ref(r.offenderId),
};

export const CallInSession: CallInSessionResolvers = {
  agency: (s) => s.agencyOri,
  speakers: (s, _, ctx) => ctx.loaders.speakers.load(s.id),
  invitations: (s, _, ctx) => ctx.loaders.invitations.load(s.id),
};

export const CallInInvitation: CallInInvitationResolvers = {
  offender: (i) => ref(i.offenderId),
  notification: (i, _, ctx) => ctx.loaders.notification.load(i.notificationId),
};

export const SiteProfile: SiteProfileResolvers = { agency: (p) => p.agencyOri };

export const LetterTemplate: LetterTemplateResolvers = {
  agency: (t) => t.agencyOri,
  templateVersion: (t) => siteTemplateVersion(t),
};
