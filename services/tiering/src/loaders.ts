/** DataLoaders of the tiering subgraph, created per request with the caller's row scope. */
import type { DataSource } from 'typeorm';
import { listLoader, rowLoader, type HubConfig, type Principal } from '@ipvi/core';
import { AssignmentReader, type AssignmentRow } from './repositories/assignment.repository';
import { FollowupReader, type FlagRow, type ReferralRow } from './repositories/followup.repository';
import { LedgerReader, type LedgerIncidentRow } from './repositories/ledger.reader';
import { NotificationReader, type NotificationEventRow } from './repositories/notification.reader';
import type { NotificationRow } from './repositories/notification.repository';
import { PolicyReader, type PolicyRow } from './repositories/policy.repository';

export function createLoaders(principal: Principal, ds: DataSource, config: HubConfig, now: () => Date) {
  const assignments = new AssignmentReader(ds, principal, config);
  const notifications = new NotificationReader(ds, principal, config, now);
  const followups = new FollowupReader(ds, principal, config);
  const ledger = new LedgerReader(ds);
  const policies = new PolicyReader(ds);
  return {
    ds,
    notifications,
    policies,
    currentTier: rowLoader((ids: readonly string[]) => assignments.current(ids), (r: AssignmentRow) => r.offenderId),
    tierHistory: listLoader((ids: readonly string[]) => assignments.history(ids), (r: AssignmentRow) => r.offenderId),
    assignment: rowLoader((ids: readonly string[]) => assignments.byIds(ids), (r: AssignmentRow) => r.id),
    tierEffect: rowLoader((ids: readonly string[]) => assignments.byTriggerIncident(ids), (r: AssignmentRow) => r.triggerIncidentId ?? ''),
    notification: rowLoader((ids: readonly string[]) => notifications.byIds(ids), (r: NotificationRow) => r.id),
    notificationsByOffender: listLoader((ids: readonly string[]) => notifications.byOffenders(ids), (r: NotificationRow) => r.offenderId),
    notificationEvents: listLoader((ids: readonly string[]) => notifications.events(ids), (r: NotificationEventRow) => r.notificationId),
    prosecutionFlags: listLoader((ids: readonly string[]) => followups.flags(ids), (r: FlagRow) => r.offenderId),
    serviceReferrals: listLoader((ids: readonly string[]) => followups.referrals(ids), (r: ReferralRow) => r.offenderId),
    referral: rowLoader((ids: readonly string[]) => followups.referralsByIds(ids), (r: ReferralRow) => r.id),
    language: rowLoader((ids: readonly string[]) => followups.languages(ids), (r: { offenderId: string }) => r.offenderId),
    ledgerIncident: rowLoader((ids: readonly string[]) => ledger.byIncidentIds(ids), (r: LedgerIncidentRow) => r.incidentId),
    policy: rowLoader((versions: readonly string[]) => policies.byVersions(versions), (r: PolicyRow) => r.version),
  };
}

export type TieringLoaders = ReturnType<typeof createLoaders>;
