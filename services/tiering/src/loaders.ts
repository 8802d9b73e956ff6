/** DataLoaders of the tiering subgraph, created per request with the caller's row scope: reads by key only (lists with arguments go through ctx.domain). */
import DataLoader from 'dataloader';
import type { DataSource } from 'typeorm';
import { agencyScope, listLoader, rowLoader, type Connection, type HubConfig, type PageArgs, type Principal } from '@ipvi/core';
import type { Language } from './letters/templates';
import { AssignmentReader, type AssignmentRow } from './repositories/assignment.repository';
import { ChildPageReader, type OffenderNotificationFilter } from './repositories/child-pages.reader';
import { CallInReader, type InvitationRow, type SessionRow, type SpeakerRow } from './repositories/call-in.repository';
import { FollowupReader, type FlagRow, type ReferralRow } from './repositories/followup.repository';
import { LedgerReader, type LedgerIncidentRow } from './repositories/ledger.reader';
import { NotificationReader, type NotificationEventRow, type PartnerNotificationRow } from './repositories/notification.reader';
import type { NotificationRow } from './repositories/notification.repository';
import { PolicyReader, type PolicyRow } from './repositories/policy.repository';
import { ReviewReader, type ReviewRow } from './repositories/review.repository';
import { tieringScope } from './repositories/scope';
import { SiteReader, voiceAt, type LetterTemplateRow } from './repositories/site.repository';

/** The site voice a letter is written with, keyed by `agency|language|scheduledAt (ISO)`. */
export type VoiceKey = `${string}|${Language}|${string}`;

/**
 * One page per parent record, batched by the page's arguments: each distinct (first, after, filter)
 * gets its own DataLoader over record ids, so every parent asking the same page is read in one call.
 */
function pageLoader<T, F>(fetch: (ids: readonly string[], args: PageArgs, filter: F) => Promise<Map<string, Connection<T>>>) {
  const byArgs = new Map<string, DataLoader<string, Connection<T>>>();
  return {
    load(id: string, args: PageArgs, filter: F): Promise<Connection<T>> {
      const key = JSON.stringify([args.first ?? null, args.after ?? null, filter]);
      let loader = byArgs.get(key);
      if (!loader) {
        const page = { first: args.first ?? null, after: args.after ?? null };
        loader = new DataLoader(async (ids: readonly string[]) => {
          const pages = await fetch(ids, page, filter);
          return ids.map((i) => pages.get(i)!);
        });
        byArgs.set(key, loader);
      }
      return loader.load(id);
    },
  };
}

export function createLoaders(principal: Principal, ds: DataSource, config: HubConfig, now: () => Date) {
  const scope = tieringScope(principal, config);
  const agencies = agencyScope(principal, config, 'notification').policeAgencies;
  const assignments = new AssignmentReader(ds, scope);
  const notifications = new NotificationReader(ds, scope, config, now);
  const followups = new FollowupReader(ds, scope);
  const ledger = new LedgerReader(ds);
  const policies = new PolicyReader(ds);
  const callIns = new CallInReader(ds, agencies);
  const sites = new SiteReader(ds, agencies);
  const reviews = new ReviewReader(ds, agencies);
  const childPages = new ChildPageReader(ds, scope);
  const viewed = (r: AssignmentRow) => r.viewedAs ?? r.offenderId;
  return {
    currentTier: rowLoader((ids: readonly string[]) => assignments.current(ids), viewed),
    tierHistory: listLoader((ids: readonly string[]) => assignments.history(ids), viewed),
    /** A page of each record's person's tier history (Offender.tierHistoryConnection). */
    tierHistoryPage: pageLoader((ids, args, _: null) => childPages.tierHistory(ids, args)),
    assignment: rowLoader(
      (ids: readonly string[]) => assignments.byIds(ids),
      (r: AssignmentRow) => r.id,
    ),
    tierEffect: rowLoader(
      (ids: readonly string[]) => assignments.byTriggerIncident(ids),
      (r: AssignmentRow) => r.triggerIncidentId ?? '',
    ),
    notification: rowLoader(
      (ids: readonly string[]) => notifications.byIds(ids),
      (r: NotificationRow) => r.id,
    ),
    notificationsByOffender: listLoader(
      (ids: readonly string[]) => notifications.byOffenders(ids),
      (r: NotificationRow & { viewedAs: string }) => r.viewedAs,
    ),
    /** A page of each record's person's notifications (Offender.notificationsConnection). */
    notificationsPage: pageLoader((ids, args, filter: OffenderNotificationFilter) => childPages.notifications(ids, args, filter)),
    partnerNotifications: listLoader(
      (ids: readonly string[]) => notifications.partnerNotifications(ids),
      (r: PartnerNotificationRow) => r.viewedAs,
    ),
    notificationEvents: listLoader(
      (ids: readonly string[]) => notifications.events(ids),
      (r: NotificationEventRow) => r.notificationId,
    ),
    prosecutionFlags: listLoader(
      (ids: readonly string[]) => followups.flags(ids),
      (r: FlagRow) => r.viewedAs,
    ),
    serviceReferrals: listLoader(
      (ids: readonly string[]) => followups.referrals(ids),
      (r: ReferralRow & { viewedAs: string }) => r.viewedAs,
    ),
    referral: rowLoader(
      (ids: readonly string[]) => followups.referralsByIds(ids),
      (r: ReferralRow) => r.id,
    ),
    language: rowLoader(
      (ids: readonly string[]) => followups.languages(ids),
      (r: { offenderId: string }) => r.offenderId,
    ),
    ledgerIncident: rowLoader(
      (ids: readonly string[]) => ledger.byIncidentIds(ids),
      (r: LedgerIncidentRow) => r.incidentId,
    ),
    policy: rowLoader(
      (versions: readonly string[]) => policies.byVersions(versions),
      (r: PolicyRow) => r.version,
    ),
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
    review: rowLoader(
      (ids: readonly string[]) => reviews.byIds(ids),
      (r: ReviewRow) => r.id,
    ),
    template: rowLoader(
      (ids: readonly string[]) => sites.templatesByIds(ids),
      (r: LetterTemplateRow) => r.id,
    ),
    /** The site voice a notification's letter is written with (one read per distinct key and request). */
    voice: new DataLoader((keys: readonly VoiceKey[]) =>
      Promise.all(
        keys.map((k) => {
          const [agency, language, at] = k.split('|') as [string, Language, string];
          return voiceAt(ds, agency, language, new Date(at));
        }),
      ),
    ),
  };
}

export type TieringLoaders = ReturnType<typeof createLoaders>;
