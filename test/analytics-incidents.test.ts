/**
 * Intimate-partner incident counts on the demo data, through the gateway as ANALYST: every published
 * cell equals an independent count on the incidents database, and every true count of 1..10 is
 * withheld.
 */
import { Client } from 'pg';
import { ANALYTICS_STATEMENT_TIMEOUT_MS, DEMO_ADVOCACY_AGENCY, DEMO_POLICE_ORI, readAggregate } from '@ipvi/core';
import { ok, startTestHub, type TestHub, DRAINED_HUB_TIMEOUT_MS } from './harness/hub';

let t: TestHub;
beforeAll(async () => {
  t = await startTestHub({ seed: true, drained: 'tiering' }); // the tiering measures' feed applied once per run, in the template
}, DRAINED_HUB_TIMEOUT_MS);
afterAll(() => t.stop());

type Cells = {
  intimatePartnerIncidents: {
    threshold: number;
    cells: { period: string | null; arrest: boolean | null; injury: string | null; incidents: number | null; suppressed: boolean }[];
  };
};

describe('intimate-partner incidents per period', () => {
  it('publishes counts that match the database and withholds the small ones', async () => {
    const truth = await t.sql<{ year: string; arrest: boolean; n: number }>(
      'incidents',
      `SELECT to_char(occurred_at AT TIME ZONE 'UTC', 'YYYY') AS year, arrest_made AS arrest, count(*)::int AS n FROM incident WHERE is_intimate_partner GROUP BY 1, 2`,
    );
    expect(truth.length).toBeGreaterThan(0);
    const r = ok(
      await t.query<Cells>(
        'ANALYST',
        '{ intimatePartnerIncidents(groupBy: [PERIOD_YEAR, ARREST]) { threshold cells { period arrest injury incidents suppressed } } }',
      ),
    ).intimatePartnerIncidents;
    expect(r.cells.length).toBe(truth.length);
    for (const c of r.cells) {
      const n = truth.find((x) => x.year === c.period && x.arrest === c.arrest)!.n;
      if (n >= 1 && n < r.threshold) expect(c).toMatchObject({ incidents: null, suppressed: true });
      if (!c.suppressed) expect(c.incidents).toBe(n);
    }
    const total = ok(await t.query<Cells>('ANALYST', '{ intimatePartnerIncidents { cells { incidents suppressed } } }')).intimatePartnerIncidents.cells;
    expect(total).toHaveLength(1);
    const all = truth.reduce((s, x) => s + x.n, 0);
    expect(total[0]!.suppressed ? null : total[0]!.incidents).toBe(all >= 11 ? all : null);
  });

  it('breaks down by one of offense, relationship, arrest, injury or LAP screen at a time', async () => {
    const res = await t.query('ANALYST', '{ intimatePartnerIncidents(groupBy: [ARREST, INJURY]) { threshold } }');
    expect(res.errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'groupBy' });
    // Every problem of the arguments in one answer, each agency named by its place, never by its value.
    const several = await t.query(
      'ANALYST',
      'query($a: [String!], $from: DateTime, $to: DateTime) { intimatePartnerIncidents(groupBy: [ARREST, INJURY], filter: { agencies: $a, from: $from, to: $to }) { threshold } }',
      { a: ['ZZ9999991', DEMO_POLICE_ORI, DEMO_ADVOCACY_AGENCY], from: '2025-06-01T00:00:00Z', to: '2025-01-01T00:00:00Z' },
    );
    expect(several.errors).toHaveLength(1);
    expect(several.errors![0]!.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      problems: [
        { field: 'filter.agencies[0]', reason: 'is not a police agency of the partnership' },
        { field: 'filter.agencies[2]', reason: 'is not a police agency of the partnership' },
        { field: 'groupBy', reason: 'may hold one of OFFENSE, RELATIONSHIP, ARREST, INJURY, LAP_SCREEN at a time' },
        { field: 'filter.from', reason: 'a date range needs a period in groupBy (filters select whole published periods; they never re-aggregate)' },
        { field: 'filter.from', reason: 'must be before the end of the range' },
      ],
    });
    expect(several.text).not.toContain('ZZ9999991');
    expect(several.text).not.toContain(DEMO_ADVOCACY_AGENCY);
    const lap = ok(
      await t.query<{ intimatePartnerIncidents: { cells: { lapScreen: string; offense: string | null }[] } }>(
        'ANALYST',
        '{ intimatePartnerIncidents(groupBy: [LAP_SCREEN]) { cells { lapScreen offense } } }',
      ),
    ).intimatePartnerIncidents.cells;
    expect(lap.length).toBeGreaterThan(0);
    expect(lap.every((c) => ['SCREENED_IN', 'NOT_SCREENED_IN', 'DECLINED', 'NO_SCREEN'].includes(c.lapScreen) && c.offense === null)).toBe(true);
  });

  it('answers the tiering measures on the demo data (tiers from the consumed feed) without error, small cells withheld', async () => {
    await t.drainFeeds('tiering');
    const res = ok(
      await t.query<{
        recidivism: { threshold: number; cells: unknown[] };
        notificationTimeliness: { cells: { tier: string; notifications: number | null; suppressed: boolean }[] };
      }>(
        'ANALYST',
        '{ recidivism(windowDays: 365, groupBy: [TIER]) { threshold cells { tier rate suppressed } } notificationTimeliness(groupBy: [TIER]) { cells { tier notifications suppressed } } }',
      ),
    );
    expect(res.recidivism.threshold).toBe(11);
    const truth = await t.sql<{ tier: string; n: number }>(
      'tiering',
      `SELECT tier_at_notice AS tier, count(*)::int AS n FROM notification WHERE status <> 'SUPERSEDED' GROUP BY 1`,
    );
    expect(res.notificationTimeliness.cells.length).toBe(truth.length);
    for (const c of res.notificationTimeliness.cells) {
      const n = truth.find((x) => x.tier === c.tier)!.n;
      expect(c.suppressed ? null : c.notifications).toBe(c.suppressed ? null : n);
      if (n < 11) expect(c.suppressed).toBe(true);
    }
  });
});

describe("an analyst's aggregate", () => {
  it('runs in a read-only transaction under the analytics statement timeout, in three round trips', async () => {
    const ds = t.hub.services.incidents.dataSource;
    const spy = jest.spyOn(Client.prototype, 'query');
    let settings: unknown[];
    try {
      settings = await readAggregate(ds, "SELECT current_setting('transaction_read_only') AS ro, current_setting('statement_timeout') AS timeout", []);
      expect(spy).toHaveBeenCalledTimes(3);
    } finally {
      spy.mockRestore();
    }
    expect(settings).toEqual([{ ro: 'on', timeout: `${ANALYTICS_STATEMENT_TIMEOUT_MS / 1000}s` }]);
  });

  it('cannot write, and leaves its connection as it found it', async () => {
    const ds = t.hub.services.incidents.dataSource;
    await expect(readAggregate(ds, 'CREATE TABLE analytics_probe (n int)', [])).rejects.toMatchObject({ code: '25006' }); // read_only_sql_transaction
    expect(await t.sql('incidents', "SELECT 1 FROM pg_class WHERE relname = 'analytics_probe'")).toEqual([]);
    // Every connection of the pool is back to the service's own settings (SET LOCAL ended with the transaction).
    const back = await Promise.all(
      Array.from({ length: 10 }, () =>
        ds.query("SELECT current_setting('transaction_read_only') AS ro, current_setting('statement_timeout') AS timeout, pg_sleep(0.01)"),
      ),
    );
    back.forEach(([row]) => expect(row).toMatchObject({ ro: 'off', timeout: '30s' }));
  });
});
