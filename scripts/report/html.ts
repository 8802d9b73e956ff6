/** The partnership report as one self-contained HTML page: inline CSS and SVG, no script, no network. */
import { barChart, esc, groupedBarChart } from './svg';
import type { Measures, RecidivismCell, ReportOptions } from './measures';

/** High Point reference figures (docs/shared domain brief, section 3). */
export const HIGH_POINT = {
  oneYear: { value: 0.16, label: 'High Point, one year: ~16% (Sechrist & Weil 2018)' },
  sixMonths: { value: 0.06, label: 'High Point, six months: ~6% (31 of 499, 2012)' },
};

const TIERS = ['D', 'C', 'B', 'A'];
const pct = (v: number | null) => (v === null ? 'suppressed' : `${(v * 100).toFixed(1)}%`);
const num = (v: number | null) => (v === null ? 'suppressed' : String(v));
const hours = (v: number | null) => (v === null ? '—' : `${v.toFixed(1)} h`);

/** Every withheld cell, named by its dimensions (no values). */
function suppressedNotes(m: Measures): string[] {
  const notes: string[] = [];
  const name = (parts: [string, string | boolean | null][]) =>
    parts
      .filter(([, v]) => v !== null)
      .map(([k, v]) => `${k} ${String(v)}`)
      .join(', ') || 'all';
  const add = (measure: string, cells: { suppressed: boolean }[], describe: (c: never) => string) => {
    for (const c of cells) if (c.suppressed) notes.push(`${measure}: ${describe(c as never)}`);
  };
  const rec = (c: RecidivismCell) =>
    name([
      ['tier', c.tier],
      ['cohort', c.cohort],
      ['agency', c.agency],
    ]);
  add('Re-arrest within one year', m.oneYear.cells, rec);
  add('Re-arrest within six months', m.sixMonths.cells, rec);
  add('Re-arrest by cohort', m.byCohort.cells, rec);
  add('Notification timeliness', [...m.timeliness.cells, ...m.timelinessByQuarter.cells], (c: Measures['timeliness']['cells'][number]) =>
    name([
      ['tier', c.tier],
      ['quarter', c.period],
    ]),
  );
  add('Tier movement', m.movement.cells, (c: Measures['movement']['cells'][number]) =>
    c.firstAssignment ? `first assignment to ${c.toTier}` : `${c.fromTier} to ${c.toTier}`,
  );
  add('Victim-services reach', m.reach.cells, (c: Measures['reach']['cells'][number]) => name([['quarter', c.period]]));
  add("Advocates' activities", m.activity.cells, (c: Measures['activity']['cells'][number]) => name([['activity', c.activity]]));
  add('Intimate-partner incidents', m.incidents.cells, (c: Measures['incidents']['cells'][number]) => name([['quarter', c.period]]));
  if (m.oneYear.excludedSuppressed) notes.push('Re-arrest within one year: the count of offenders whose window has not elapsed');
  return notes;
}

function byTier(cells: RecidivismCell[]) {
  return TIERS.map((t) => ({ label: `Tier ${t}`, value: cells.find((c) => c.tier === t)?.rate ?? (cells.some((c) => c.tier === t) ? null : 0) }));
}

function cohortChart(m: Measures): string {
  const cohorts = [...new Set(m.byCohort.cells.map((c) => c.cohort!))].sort();
  const series = TIERS.map((t) => ({
    name: `Tier ${t}`,
    values: cohorts.map((k) => {
      const c = m.byCohort.cells.find((x) => x.tier === t && x.cohort === k);
      return c ? c.rate : (undefined as unknown as number);
    }),
  }));
  return groupedBarChart('Re-arrest within one year, by tier at first notice and notification cohort', cohorts, series, {
    percent: true,
    reference: HIGH_POINT.oneYear,
  });
}

export function renderReport(m: Measures, o: ReportOptions, generatedAt: Date): string {
  const scope = [
    o.agency ? `police agency ${o.agency}` : 'the whole partnership',
    o.from || o.to ? `cohorts and quarters from ${o.from ?? 'the start'} to ${o.to ?? 'now'}` : 'all cohorts',
  ].join('; ');
  const t = m.timeliness.cells;
  const notes = suppressedNotes(m);
  const definitions: [string, string][] = [
    ['Re-arrest (one year)', m.oneYear.definition],
    ['Re-arrest (six months)', m.sixMonths.definition],
    ['Notification timeliness', m.timeliness.definition],
    ['Tier movement', m.movement.definition],
    ['Victim-services reach', m.reach.definition],
    ["Advocates' activities", m.activity.definition],
    ['Intimate-partner incidents', m.incidents.definition],
  ];
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>IPVI partnership report</title>
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<style>
body { font: 14px/1.45 system-ui, sans-serif; margin: 2rem auto; max-width: 780px; color: #222; }
h1 { font-size: 1.6rem; margin-bottom: .2rem; } h2 { margin-top: 2rem; border-bottom: 1px solid #ccc; }
figure { margin: 1rem 0; } figcaption { font-weight: 600; margin-bottom: .3rem; }
.grid { stroke: #e3e3e3; } .tick, .label, .legend, .value { font-size: 11px; fill: #444; }
.reference { stroke: #b00020; stroke-dasharray: 6 4; stroke-width: 2; } .reference-label { font-size: 11px; fill: #b00020; }
table { border-collapse: collapse; margin: .5rem 0; } td, th { border: 1px solid #ccc; padding: .2rem .6rem; text-align: right; } th:first-child, td:first-child { text-align: left; }
.note { color: #555; font-size: 12px; } dt { font-weight: 600; margin-top: .6rem; }
</style></head><body>
<h1>IPVI partnership report</h1>
<p class="note">Generated ${esc(generatedAt.toISOString())} from the hub's de-identified measures; scope: ${esc(scope)}. Counts of 1 to ${m.oneYear.threshold - 1} are suppressed, with
complementary suppression; hatched stubs mark suppressed cells.</p>

<h2>Re-arrest among notified offenders</h2>
${barChart('Re-arrest within one year of the first delivered notification, by tier at notice', byTier(m.oneYear.cells), { percent: true, reference: HIGH_POINT.oneYear })}
${barChart('Re-arrest within six months, by tier at notice', byTier(m.sixMonths.cells), { percent: true, reference: HIGH_POINT.sixMonths })}
${cohortChart(m)}
<p class="note">Offenders not yet counted because their cohort's one-year window has not elapsed: ${num(m.oneYear.excluded)}.</p>
<table><tr><th>Tier</th><th>Offenders</th><th>Re-arrested</th><th>Rate (1 year)</th></tr>
${TIERS.map((tier) => {
  const c = m.oneYear.cells.find((x) => x.tier === tier);
  return `<tr><td>${tier}</td><td>${num(c?.offenders ?? 0)}</td><td>${num(c?.reoffended ?? 0)}</td><td>${pct(c ? c.rate : null)}</td></tr>`;
}).join('\n')}
</table>

<h2>Notification timeliness</h2>
${barChart(
  'Share of notifications delivered by their due time, by tier',
  TIERS.map((tier) => ({ label: `Tier ${tier}`, value: t.find((c) => c.tier === tier)?.onTimeShare ?? null })),
  { percent: true },
)}
${barChart(
  'Share delivered on time, by quarter due',
  m.timelinessByQuarter.cells.map((c) => ({ label: c.period!, value: c.onTimeShare })),
  { percent: true },
)}
<table><tr><th>Tier</th><th>Notifications</th><th>Delivered</th><th>Median incident to delivery</th><th>90th percentile</th><th>Overdue</th></tr>
${TIERS.map((tier) => {
  const c = t.find((x) => x.tier === tier);
  return `<tr><td>${tier}</td><td>${num(c?.notifications ?? 0)}</td><td>${num(c?.delivered ?? 0)}</td><td>${hours(c?.medianHoursToDelivery ?? null)}</td><td>${hours(c?.p90HoursToDelivery ?? null)}</td><td>${num(c?.overdue ?? 0)}</td></tr>`;
}).join('\n')}
</table>

<h2>Tier movement</h2>
${barChart(
  'Tier assignments by move (all periods)',
  m.movement.cells.map((c) => ({ label: c.firstAssignment ? `new → ${c.toTier}` : `${c.fromTier} → ${c.toTier}`, value: c.assignments })),
)}

<h2>Victim-services reach</h2>
${barChart(
  'Share of referred victims reached, by quarter referred',
  m.reach.cells.map((c) => ({ label: c.period!, value: c.reachedShare })),
  { percent: true },
)}
${barChart(
  "Advocates' activities (counts only)",
  m.activity.cells.map((c) => ({ label: (c.activity ?? '').replace('SERVICE_', '').toLowerCase(), value: c.count })),
)}

<h2>Intimate-partner incidents</h2>
${barChart(
  'Intimate-partner incidents by quarter',
  m.incidents.cells.map((c) => ({ label: c.period!, value: c.incidents })),
)}

<h2>Definitions</h2>
<dl>${definitions.map(([k, v]) => `<dt>${esc(k)}</dt><dd>${esc(v)}</dd>`).join('\n')}</dl>

<h2>Suppressed cells</h2>
${notes.length ? `<ul>${notes.map((n) => `<li>${esc(n)}: withheld (a count of 1 to ${m.oneYear.threshold - 1}, or withheld to protect such a count)</li>`).join('\n')}</ul>` : '<p>None.</p>'}
</body></html>
`;
}
