import { planWork, WORKED_BEFORE_DAYS, type DemoNotification } from './demo-plan';

const DAY = 86_400_000;
const now = new Date('2026-11-29T12:00:00Z');

function notice(n: number, dueDaysAgo: number): DemoNotification {
  const due = now.getTime() - dueDaysAgo * DAY;
  return {
    id: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
    offenderId: `offender-${n}`,
    type: 'LETTER',
    tierAtNotice: 'D',
    dueAt: new Date(due),
    createdAt: new Date(due - 2 * DAY),
    gateDeadline: new Date(due - DAY),
  };
}

describe('the demo program works a notification', () => {
  const old = Array.from({ length: 400 }, (_, n) => notice(n, WORKED_BEFORE_DAYS + 30));
  const plans = old.map((n) => planWork(n, now));

  it('the same way every time', () => {
    expect(old.map((n) => planWork(n, now))).toEqual(plans);
  });

  it('delivers most old notices a few days after due, after the clearance could open, never after now', () => {
    const delivered = plans.filter((p) => p.some((s) => s.kind === 'DELIVER' && s.outcome === 'DELIVERED'));
    expect(delivered.length / plans.length).toBeGreaterThan(0.9);
    expect(delivered.length).toBeLessThan(plans.length); // some are never delivered
    plans.forEach((steps, i) => {
      const n = old[i]!;
      for (const s of steps) {
        expect(s.at.getTime()).toBeLessThanOrEqual(now.getTime());
        if (s.kind === 'WAIVE') expect(s.at.getTime()).toBeLessThan(n.gateDeadline.getTime());
        else expect(s.at.getTime()).toBeGreaterThan(n.gateDeadline.getTime());
      }
      const times = steps.map((s) => s.at.getTime());
      expect(times).toEqual([...times].sort((a, b) => a - b));
    });
  });

  it('leaves recent notices partly in the queue', () => {
    const recent = Array.from({ length: 200 }, (_, n) => planWork(notice(1000 + n, 10), now));
    const out = recent.filter((p) => p.some((s) => s.kind === 'DELIVER' && s.outcome === 'DELIVERED')).length;
    expect(out).toBeGreaterThan(40);
    expect(out).toBeLessThan(160);
  });
});
