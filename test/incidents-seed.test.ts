/** The demo seed: a realistic synthetic history, written through the writer, idempotent. */
import { createLogger } from '@ipvi/core';
import { incidentsService } from '@ipvi/incidents';
import { startTestHub, type TestHub } from './harness/hub';
import { tableCounts } from './fixtures/incidents';

let t: TestHub;
beforeAll(async () => {
  t = await startTestHub({ seed: true });
});
afterAll(() => t.stop());

const one = async <T>(text: string) => (await t.sql<T>('incidents', text))[0]!;

describe('the incidents demo seed', () => {
  // The databases here are clones of this run's seeded template: a fresh database migrated by openServiceDatabase and seeded
  // by incidentsService.seed (test/harness/templates.ts), so the counts below are those of a fresh seed; a second seed of
  // another fresh database here would repeat that work (~5 s) and check the same counts.
  it('creates ~500 offenders and ~1,500 incidents over three years, mostly intimate-partner, ~40% arrests with charges', async () => {
    const s = await one<Record<string, number>>(`SELECT
      (SELECT count(*)::int FROM offender) AS offenders, count(*)::int AS incidents,
      count(*) FILTER (WHERE is_intimate_partner)::int AS ip, count(*) FILTER (WHERE arrest_made)::int AS arrests,
      count(*) FILTER (WHERE arrest_made AND NOT EXISTS (SELECT 1 FROM incident_charge c WHERE c.incident_id = i.id))::int AS arrests_without_charge,
      (extract(epoch FROM max(occurred_at) - min(occurred_at)) / 86400)::int AS days
      FROM incident i`);
    expect(s).toMatchObject({ offenders: 500, incidents: 1500, arrests_without_charge: 0 });
    expect(s.ip! / s.incidents!).toBeGreaterThan(0.75);
    expect(s.ip! / s.incidents!).toBeLessThan(0.95);
    expect(s.arrests! / s.incidents!).toBeGreaterThan(0.33);
    expect(s.arrests! / s.incidents!).toBeLessThan(0.47);
    expect(s.days).toBeGreaterThan(1000);
  });

  it('skews incidents to repeat offenders and links every 90Z incident to a protective order in force', async () => {
    const s = await one<Record<string, number>>(`SELECT max(n)::int AS top, percentile_disc(0.5) WITHIN GROUP (ORDER BY n)::int AS median
      FROM (SELECT count(*) AS n FROM incident_offender GROUP BY offender_id) x`);
    expect(s.top).toBeGreaterThanOrEqual(10);
    expect(s.median).toBeLessThanOrEqual(3);
    const po = await one<Record<string, number>>(`SELECT count(*)::int AS violations,
      count(*) FILTER (WHERE po.issued_on <= i.occurred_at::date AND po.expires_on >= i.occurred_at::date)::int AS in_force,
      (SELECT count(*)::int FROM protective_order) AS orders, (SELECT count(*)::int FROM lethality_screen) AS screens
      FROM incident i LEFT JOIN protective_order po ON po.id = i.violated_order_id WHERE '90Z' = ANY(i.offense_codes)`);
    expect(po.violations).toBeGreaterThan(50);
    expect(po.in_force).toBe(po.violations);
    expect(po.orders).toBeGreaterThan(po.violations! / 3);
    expect(po.screens).toBeGreaterThan(500);
  });

  it('is idempotent: a second run writes nothing (no event, no version)', async () => {
    const before = await tableCounts(t);
    await incidentsService.seed!(t.hub.services.incidents.dataSource, { log: createLogger('silent'), config: t.config });
    expect(await tableCounts(t)).toEqual(before);
  });
});
