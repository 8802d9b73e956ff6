/**
 * The demo program's history, replayed (`playDemoHistory`): the demo site went live two years before
 * the end of the demo history, and since then tiering consumed each incident about when it was
 * reported and the program worked its queue. Nothing is written around the rules: the replay hands
 * the incident feed to tiering's own consumer (same name, cursor, applied-event ledger and apply
 * function), and every waiver and delivery goes through NotificationCommands, the domain service
 * behind waiveNotificationGate and recordNotificationDelivery, as a demo coordinator.
 *
 * The demo clock: each step runs with the clock at the demo instant it happened (an event: its
 * incident's time plus a seeded reporting delay; a waiver or delivery: its planned instant), so every
 * check that compares with "now" (a delivery not in the future, the victim-first clearance still
 * PENDING or open) is the one production runs. The replay stops at the real `now`: what is planned
 * after it stays in the queue. Deterministic: every choice is drawn from a generator seeded by the
 * notification's offender, tier and type. Runs once: a tiering database whose incident consumer has
 * a cursor already has its history.
 */
import { AuditCollector, AuditStore, DEMO_EPOCH, DEMO_POLICE_ORI, FeedConsumer, type ConsumerEnv, type IncidentFeedEvent, type Principal } from '@ipvi/core';
import { applyIncidentEvent, INCIDENT_CONSUMER } from '../feed/incident.consumer';
import { createEnv } from '../domain/env';
import { NotificationService } from '../domain/notification.service';
import { DemoFeed } from './demo-feed';
import { planWork, type DemoNotification, type DemoStep } from './demo-plan';
import { keyedRandom } from './demo-random';

export const DEMO_COORDINATOR: Principal = Object.freeze({ sub: 'demo-coordinator', roles: ['COORDINATOR'] as const, agency: DEMO_POLICE_ORI, scope: [] });

export interface DemoHistoryReport {
  readonly replayed: boolean;
  readonly events: number;
  readonly waived: number;
  readonly attempts: number;
  readonly delivered: number;
  /** Steps the domain refused (a notification superseded by a newer tier before its planned delivery). */
  readonly refused: number;
}

const HOUR = 3600_000;
const DAY = 24 * HOUR;

/** When the report of an incident reached tiering: 1 to 30 hours after it occurred. */
function reportedAt(e: IncidentFeedEvent): Date {
  return new Date(new Date(e.occurredAt).getTime() + (1 + Math.floor(keyedRandom(e.incidentId)() * 30)) * HOUR);
}

export async function playDemoHistory(env: ConsumerEnv, now: Date = new Date()): Promise<DemoHistoryReport> {
  let clock = new Date(0);
  const at = (t: Date) => (clock = new Date(Math.min(Math.max(t.getTime(), clock.getTime()), now.getTime())));
  const feed = new DemoFeed(env, reportedAt);
  const consumer = new FeedConsumer<IncidentFeedEvent>({
    name: INCIDENT_CONSUMER,
    ds: env.ds,
    log: env.log,
    source: feed.source,
    apply: (m, e, page) => applyIncidentEvent(m, e, at(reportedAt(e)), page),
  });
  const none = { replayed: false, events: 0, waived: 0, attempts: 0, delivered: 0, refused: 0 };
  // The consumer's cursor: only the replay's own polls below move it (the replay runs before the service's consumers start).
  let cursor = await consumer.cursor();
  if (cursor !== null) return none;
  env.log.info('replaying the demo program history once: the demo incidents on the demo clock, the queue worked as a coordinator');
  const audit = new AuditCollector();
  const commands = new NotificationService(createEnv(DEMO_COORDINATOR, env.ds, env.config, () => clock));
  const counts = { ...none, replayed: true };
  // The queue is judged at the end of the demo history: its last six weeks are the current queue (demo-plan.ts).
  const present = new Date(Math.min(now.getTime(), DEMO_EPOCH.getTime()));
  const planned = new Planned();
  let steps: DemoStep[] = [];
  for (;;) {
    const nextEvent = await feed.nextInstant(cursor);
    const nextStep = steps[0]?.at ?? null;
    if (nextEvent && nextEvent < now && (!nextStep || nextEvent <= nextStep)) {
      // A day of reports at most, then the queue is planned again: what they scheduled is worked before later reports supersede it.
      feed.bound = Math.min(nextStep ? nextStep.getTime() + 1 : Infinity, nextEvent.getTime() + DAY, now.getTime());
      cursor = await drainFrom(consumer, cursor, counts);
      const fresh = (await planned.fresh(env, clock)).flatMap((n) => planWork(n, now, present));
      steps = [...steps, ...fresh].sort((a, b) => a.at.getTime() - b.at.getTime() || a.notificationId.localeCompare(b.notificationId));
      continue;
    }
    const step = steps.shift();
    if (!step) break;
    at(step.at);
    await runStep(commands, step, counts, audit);
  }
  await new AuditStore(env.ds).append(
    {
      requestId: `demo-history-${now.toISOString()}`,
      subject: DEMO_COORDINATOR.sub,
      role: 'COORDINATOR',
      agency: DEMO_COORDINATOR.agency,
      operation: 'demoHistory',
    },
    audit.drain(),
  );
  env.log.info('replayed the demo program history', { ...counts });
  return counts;
}

/**
 * The consumer's drain, following the cursor each page commits (as drain does) and answering it, so the replay does not read it
 * again after each day of reports (one statement per day). A page another instance claimed first answers no cursor: read it then.
 */
async function drainFrom(consumer: FeedConsumer<IncidentFeedEvent>, from: string | null, counts: { events: number }): Promise<string | null> {
  let cursor = from;
  for (;;) {
    const r = await consumer.pollOnce(cursor);
    counts.events += r.applied;
    cursor = r.cursor === undefined ? await consumer.cursor() : r.cursor;
    if (!r.hasNextPage) return cursor;
  }
}

async function runStep(
  commands: NotificationService,
  step: DemoStep,
  counts: { waived: number; attempts: number; delivered: number; refused: number },
  audit: AuditCollector,
) {
  try {
    if (step.kind === 'WAIVE') {
      await commands.waiveGate({ notificationId: step.notificationId, reason: step.reason });
      audit.wrote('Mutation.waiveNotificationGate', [step.notificationId]);
      counts.waived++;
    } else {
      await commands.recordDelivery({ notificationId: step.notificationId, deliveredAt: step.at, outcome: step.outcome });
      audit.wrote('Mutation.recordNotificationDelivery', [step.notificationId]);
      counts.attempts++;
      if (step.outcome === 'DELIVERED') counts.delivered++;
    }
  } catch (e) {
    // A newer tier superseded the notification (or it went out already): the domain says so, the demo moves on.
    if ((e as { extensions?: { code?: string } }).extensions?.code !== 'CONFLICT') throw e;
    counts.refused++;
  }
}

/**
 * The notifications planned so far, and the demo instant of the last look. Notifications are only created by the replay's
 * consumer, at the demo clock (created_at is the apply's now), and the clock never goes back; none ever becomes PENDING again.
 * So a pending notification not planned yet was created at or after the last look: each look reads only those, leaving out
 * the planned ones of that instant or later (a handful), instead of every pending row against every planned id.
 */
class Planned {
  private readonly created = new Map<string, number>();
  private lastLook: Date | null = null;

  /** Pending notifications not planned yet (and marks them planned); `clock` is the demo instant now. */
  async fresh(env: ConsumerEnv, clock: Date): Promise<DemoNotification[]> {
    const since = this.lastLook;
    const recent = since ? [...this.created].filter(([, at]) => at >= since.getTime()).map(([id]) => id) : [];
    const rows = (await env.ds.query(
      `SELECT id, offender_id AS "offenderId", type, tier_at_notice AS "tierAtNotice", due_at AS "dueAt", created_at AS "createdAt", gate_deadline AS "gateDeadline"
       FROM notification WHERE status = 'PENDING' AND ($1::timestamptz IS NULL OR created_at >= $1) AND NOT (id = ANY($2::uuid[])) ORDER BY created_at, id`,
      [since, recent],
    )) as DemoNotification[];
    rows.forEach((r) => this.created.set(r.id, r.createdAt.getTime()));
    this.lastLook = clock;
    return rows;
  }
}
