/**
 * What the demo program did with one notification (pure, seeded by the notification's offender, tier
 * and type): whether a coordinator waived its victim-first clearance, and its delivery attempts.
 * Notices due more than six weeks before the end of the demo history were worked: most delivered a
 * few days after their due time, some after a failed first attempt, a few tried and never delivered.
 * Of the recent ones, under half are out already; the rest are the current queue.
 */
import type { DeliveryOutcome, NotificationType, Tier } from '../policy/tier-policy';
import { keyedRandom } from './demo-random';

export interface DemoNotification {
  readonly id: string;
  readonly offenderId: string;
  readonly type: NotificationType;
  readonly tierAtNotice: Tier;
  readonly dueAt: Date;
  readonly createdAt: Date;
  readonly gateDeadline: Date;
}

export type DemoStep =
  | { readonly kind: 'WAIVE'; readonly at: Date; readonly notificationId: string; readonly reason: string }
  | { readonly kind: 'DELIVER'; readonly at: Date; readonly notificationId: string; readonly outcome: DeliveryOutcome };

const HOUR = 3600_000;
const DAY = 24 * HOUR;
/** Notices due before now minus this were worked; later ones only partly. */
export const WORKED_BEFORE_DAYS = 42;
/** Call-in notices due in the history's last quarter wait for the next call-in session. */
export const CALL_IN_WAIT_DAYS = 91;

export const WAIVER_REASON =
  'Demo history: the victim declined advocacy services at the scene and asked that the notice go out without waiting (recorded by the coordinator).';

const FAILED_OUTCOMES: readonly DeliveryOutcome[] = ['NOT_LOCATED', 'NOT_LOCATED', 'REFUSED', 'IN_CUSTODY'];

/**
 * The steps for one notification. `present` is where the queue is judged: the end of the demo
 * history (its last incidents are weeks before today), so the notices of its last six weeks are the
 * current queue and the coordinators have open call-ins and letters to work. Nothing happens after `now`.
 */
export function planWork(n: DemoNotification, now: Date, present: Date = now): DemoStep[] {
  const r = keyedRandom(`${n.offenderId}:${n.tierAtNotice}:${n.type}`);
  // A call-in notice goes out at a call-in session, held every few months: the last quarter's wait for the next one.
  const window = n.type === 'CALL_IN' ? CALL_IN_WAIT_DAYS : WORKED_BEFORE_DAYS;
  const worked = n.dueAt.getTime() < present.getTime() - window * DAY;
  const roll = r();
  if (!worked && roll < 0.55) return [];
  // Missed: tried, never delivered (the offender was not found, refused or in custody).
  const missed = worked && roll < 0.05;
  const steps: DemoStep[] = [];
  const created = n.createdAt.getTime();
  // A share of the clearances the coordinator waived with a reason, within the advocates' window; the others opened when it lapsed.
  if (r() < 0.25) {
    const waiveAt = created + HOUR + r() * 0.8 * Math.max(0, n.gateDeadline.getTime() - created - HOUR);
    if (waiveAt < n.gateDeadline.getTime()) steps.push({ kind: 'WAIVE', at: new Date(waiveAt), notificationId: n.id, reason: WAIVER_REASON });
  }
  // Out a few days after the due time, never before the clearance could open.
  let at = Math.max(n.dueAt.getTime() - DAY, n.gateDeadline.getTime() + HOUR) + (0.5 + r() * 5.5) * DAY;
  const failed = () => FAILED_OUTCOMES[Math.floor(r() * FAILED_OUTCOMES.length)]!;
  if (missed || r() < 0.08) {
    steps.push({ kind: 'DELIVER', at: new Date(at), notificationId: n.id, outcome: failed() });
    at += (3 + r() * 7) * DAY;
  }
  steps.push({ kind: 'DELIVER', at: new Date(at), notificationId: n.id, outcome: missed ? failed() : 'DELIVERED' });
  // Nothing happens after now: a step still ahead stays in the queue.
  return steps.filter((s) => s.at.getTime() <= now.getTime() - HOUR);
}
