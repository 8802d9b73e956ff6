/** Inline SVG bar charts for the partnership report: no script, no network, readable when printed. */

export interface Bar {
  label: string;
  /** null = suppressed (drawn as a hatched stub, never as a value). */
  value: number | null;
}

export interface Series {
  name: string;
  values: (number | null)[];
}

export interface ChartOptions {
  /** Values are shares (0..1), shown as percentages. */
  percent?: boolean;
  /** A horizontal reference line, e.g. the High Point one-year figure. */
  reference?: { value: number; label: string };
}

const W = 720;
const H = 280;
const PAD = { left: 56, right: 16, top: 24, bottom: 56 };
const COLORS = ['#1f5f8b', '#d9822b', '#4a9d5b', '#a23b72', '#6c757d', '#c4a000'];

export function esc(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

const fmt = (v: number, o: ChartOptions) => (o.percent ? `${(v * 100).toFixed(1)}%` : Number.isInteger(v) ? String(v) : v.toFixed(1));

function scaleMax(values: (number | null)[], o: ChartOptions): number {
  const max = Math.max(0, ...values.filter((v): v is number => v !== null), o.reference?.value ?? 0);
  if (o.percent) return Math.min(1, Math.max(0.05, Math.ceil(max * 1.15 * 20) / 20));
  return max === 0 ? 1 : max * 1.15;
}

function frame(title: string, max: number, o: ChartOptions, body: string, legend = ''): string {
  const plotH = H - PAD.top - PAD.bottom;
  const y = (v: number) => PAD.top + plotH - (v / max) * plotH;
  const ticks = [0, 0.25, 0.5, 0.75, 1].map((f) => f * max);
  const axis = ticks
    .map(
      (t) =>
        `<line class="grid" x1="${PAD.left}" x2="${W - PAD.right}" y1="${y(t)}" y2="${y(t)}"/><text class="tick" x="${PAD.left - 6}" y="${y(t) + 4}" text-anchor="end">${esc(fmt(t, o))}</text>`,
    )
    .join('');
  const ref = o.reference
    ? `<line class="reference" x1="${PAD.left}" x2="${W - PAD.right}" y1="${y(o.reference.value)}" y2="${y(o.reference.value)}"/>` +
      `<text class="reference-label" x="${W - PAD.right}" y="${y(o.reference.value) - 5}" text-anchor="end">${esc(o.reference.label)}</text>`
    : '';
  return `<figure><figcaption>${esc(title)}</figcaption><svg class="chart" role="img" aria-label="${esc(title)}" viewBox="0 0 ${W} ${H}" width="${W}" height="${H}" xmlns="http://www.w3.org/2000/svg">
<defs><pattern id="hatch" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)"><line x1="0" y1="0" x2="0" y2="6" stroke="#999" stroke-width="2"/></pattern></defs>
${axis}${body}${ref}${legend}</svg></figure>`;
}

/** One bar per label. */
export function barChart(title: string, bars: Bar[], o: ChartOptions = {}): string {
  return groupedBarChart(
    title,
    bars.map((b) => b.label),
    [{ name: '', values: bars.map((b) => b.value) }],
    o,
  );
}

/** Bars per category, one per series (e.g. cohorts x tiers). */
export function groupedBarChart(title: string, categories: string[], series: Series[], o: ChartOptions = {}): string {
  const max = scaleMax(
    series.flatMap((s) => s.values),
    o,
  );
  const plotW = W - PAD.left - PAD.right;
  const plotH = H - PAD.top - PAD.bottom;
  const slot = plotW / Math.max(1, categories.length);
  const barW = Math.max(2, (slot * 0.8) / Math.max(1, series.length));
  let body = '';
  categories.forEach((cat, i) => {
    series.forEach((s, j) => {
      const x = PAD.left + i * slot + slot * 0.1 + j * barW;
      const v = s.values[i];
      if (v === undefined) return;
      if (v === null) {
        body += `<rect class="suppressed" x="${x}" y="${PAD.top + plotH - 12}" width="${barW - 1}" height="12" fill="url(#hatch)"><title>${esc(`${cat} ${s.name}`.trim())}: suppressed</title></rect>`;
        return;
      }
      const h = (v / max) * plotH;
      body += `<rect class="bar" x="${x}" y="${PAD.top + plotH - h}" width="${barW - 1}" height="${h}" fill="${COLORS[j % COLORS.length]}"><title>${esc(`${cat} ${s.name}`.trim())}: ${esc(fmt(v, o))}</title></rect>`;
      if (series.length === 1) body += `<text class="value" x="${x + barW / 2}" y="${PAD.top + plotH - h - 4}" text-anchor="middle">${esc(fmt(v, o))}</text>`;
    });
    const lx = PAD.left + i * slot + slot / 2;
    body += `<text class="label" x="${lx}" y="${H - PAD.bottom + 16}" text-anchor="middle">${esc(cat)}</text>`;
  });
  const legend =
    series.length > 1
      ? series
          .map(
            (s, j) =>
              `<rect x="${PAD.left + j * 90}" y="${H - 18}" width="10" height="10" fill="${COLORS[j % COLORS.length]}"/><text class="legend" x="${PAD.left + j * 90 + 14}" y="${H - 9}">${esc(s.name)}</text>`,
          )
          .join('')
      : '';
  return frame(title, max, o, body, legend);
}
