/**
 * Calendar periods of analysts' aggregates: whole months, quarters and years (UTC). Cohorts and
 * periods are never finer than a month, and a date filter only selects whole periods (see cube.ts):
 * narrow date ranges cannot be subtracted from each other to isolate a few people.
 */
import type { DimensionLevel, DimensionSpec } from './cube';

export type PeriodGranularity = 'MONTH' | 'QUARTER' | 'YEAR';

/** The level index of each granularity in periodDimension(): month 0, quarter 1, year 2, total 3. */
export const PERIOD_LEVEL: Readonly<Record<PeriodGranularity, number>> = { MONTH: 0, QUARTER: 1, YEAR: 2 };

const MONTH_RE = /^(\d{4})-(\d{2})$/;
const QUARTER_RE = /^(\d{4})-Q([1-4])$/;
const YEAR_RE = /^(\d{4})$/;

export const monthToQuarter: DimensionLevel = {
  name: 'QUARTER',
  up: (month) => {
    const m = MONTH_RE.exec(month);
    if (!m) throw new Error('not a month label');
    return `${m[1]}-Q${Math.ceil(Number(m[2]) / 3)}`;
  },
};

export const quarterToYear: DimensionLevel = { name: 'YEAR', up: (quarter) => quarter.slice(0, 4) };

/** A period dimension whose finest values are months ("2024-03"), rolled up to quarters ("2024-Q1"), years ("2024") and a total. */
export function periodDimension(name: string, total = true): DimensionSpec {
  return { name, rollups: [monthToQuarter, quarterToYear], total };
}

/** The first instant of a period label (month, quarter or year), UTC. */
export function periodStart(label: string): Date {
  let m = MONTH_RE.exec(label);
  if (m) return new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, 1));
  m = QUARTER_RE.exec(label);
  if (m) return new Date(Date.UTC(Number(m[1]), (Number(m[2]) - 1) * 3, 1));
  m = YEAR_RE.exec(label);
  if (m) return new Date(Date.UTC(Number(m[1]), 0, 1));
  throw new Error('not a period label');
}

/** The first instant after a period label. */
export function periodEnd(label: string): Date {
  const s = periodStart(label);
  const months = MONTH_RE.test(label) ? 1 : QUARTER_RE.test(label) ? 3 : 12;
  return new Date(Date.UTC(s.getUTCFullYear(), s.getUTCMonth() + months, 1));
}

/** Whether a whole period lies within [from, to) (either bound may be missing). Periods partly inside are left out, never cut. */
export function periodWithin(label: string, from: Date | undefined, to: Date | undefined): boolean {
  return (!from || periodStart(label) >= from) && (!to || periodEnd(label) <= to);
}
