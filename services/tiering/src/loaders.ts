/** DataLoaders of the tiering subgraph, created per request with the caller's row scope. */
import type { DataSource } from 'typeorm';
import { listLoader, rowLoader, type HubConfig, type Principal } from '@ipvi/core';
import { AssignmentReader, type AssignmentRow } from './repositories/assignment.repository';
import { FollowupReader, type FlagRow, type ReferralRow } from './repositories/followup.repository';
import { LedgerReader, type LedgerIncidentRow } from './repositories/ledger.reader';
import { NotificationReader, type NotificationEventRow, type PartnerNotificationRow } from './repositories/notification.reader';
import type { NotificationRow } from './repositories/notification.repository';
import { PolicyReader, type PolicyRow } from './repositories/policy.repository';
import { tieringScope } from './repositories/scope';

export function createLoaders(principal: Principal, ds: DataSource, config: HubConfig, now: () => Date) {
  const scope = tieringScope(principal, config);
  const assignments = new AssignmentReader(ds, scope);
  const notifications = new NotificationReader(ds, scope, config, now);
  const followups = new FollowupReader(ds, scope);
  const ledger = new LedgerReader(ds);
  const policies = new PolicyReader(ds);
  const viewed = (r: AssignmentRow) => r.viewedAs ?? r.offenderId;
  return {
    ds,
    /** What the caller may see and act on (agencies, the sharing agreement): explanations and incident lists render by it. */
    scope,
    notifications,
    policies,
    currentTier: rowLoader((ids: readonly string[]) => assignments.current(ids), viewed),
    tierHistory: listLoader((ids: readonly string[]) => assignments.history(ids), viewed),
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
  };
}

export type TieringLoaders = ReturnType<typeof createLoaders>;
