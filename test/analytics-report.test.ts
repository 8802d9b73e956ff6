/**
 * The partnership report: written from the measures through the gateway as ANALYST, opened in
 * headless Chromium (the Debian package, driven by playwright-core; never a browser download), its
 * charts drawn, nothing fetched from the network, every suppressed cell noted.
 * UPDATE_SCREENSHOTS=1 refreshes docs/report.png.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { startTestHub, type TestHub } from './harness/hub';
import { generateLedger } from './fixtures/analytics-generator';
import { writeReport } from '../scripts/report';

const CHROMIUM = '/usr/bin/chromium';
const DAY = 86_400_000;
let t: TestHub;
let dir: string;

beforeAll(async () => {
  // No demo seed: the report reads the ledger and referrals generated below (a seeded template under this env was built for this file alone).
  t = await startTestHub({ env: { POLICE_AGENCIES: 'NC0410200,NC0410300' } });
  const now = Date.now();
  await generateLedger(t.databaseUrls.tiering, {
    batch: 'report',
    agency: 'NC0410200',
    notifiedFrom: new Date(now - 3 * 365 * DAY),
    notifiedTo: new Date(now - 400 * DAY),
    windowDays: 365,
    tiers: [
      { tier: 'D', offenders: 800, rate: 0.1 },
      { tier: 'C', offenders: 600, rate: 0.15 },
      { tier: 'B', offenders: 400, rate: 0.25 },
      { tier: 'A', offenders: 200, rate: 0.4 },
    ],
  });
  await generateLedger(t.databaseUrls.tiering, {
    batch: 'report-small',
    agency: 'NC0410300',
    notifiedFrom: new Date(now - 3 * 365 * DAY),
    notifiedTo: new Date(now - 400 * DAY),
    windowDays: 365,
    tiers: [{ tier: 'A', offenders: 6, rate: 0.5 }],
  });
  await t.sql(
    'victim-services',
    `
    INSERT INTO referral (id, incident_id, advocacy_agency, state, referred_at, first_contact_at)
    SELECT gen_random_uuid(), gen_random_uuid(), 'ADV-FSP-01', 'CONTACTED', now() - make_interval(days => 30 + g), CASE WHEN g % 4 <> 0 THEN now() - make_interval(days => 30 + g, hours => -(g % 48)) END
    FROM generate_series(1, 600) g`,
  );
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ipvi-report-'));
}, 180_000);
afterAll(async () => {
  await t.stop();
  fs.rmSync(dir, { recursive: true, force: true });
});

async function browser(): Promise<Browser> {
  if (!fs.existsSync(CHROMIUM)) throw new Error(`No browser at ${CHROMIUM}: install the Debian package with \`sudo apt-get install chromium\``);
  return chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu'] });
}

describe('the partnership report', () => {
  it('renders in headless Chromium with its charts, the High Point reference line, definitions and suppression notes, fetching nothing', async () => {
    const out = path.join(dir, 'report.html');
    const html = await writeReport(t.url, await t.token('ANALYST'), out, {});
    expect(html).not.toMatch(/<script|https?:\/\/(?!www\.w3\.org\/2000\/svg)/);
    const b = await browser();
    try {
      const page = await b.newPage({ viewport: { width: 860, height: 1200 } });
      const requests: string[] = [];
      page.on('request', (r) => requests.push(r.url()));
      await page.goto(`file://${out}`);
      const charts = await page.locator('svg.chart').count();
      expect(charts).toBeGreaterThanOrEqual(8);
      const first = page.locator('svg.chart').first();
      expect(await first.locator('rect.bar').count()).toBe(4);
      const box = await first.locator('rect.bar').first().boundingBox();
      expect(box!.height).toBeGreaterThan(5);
      expect(await first.locator('line.reference').count()).toBe(1);
      expect(await page.locator('text=High Point, one year').count()).toBeGreaterThan(0);
      expect(await page.locator('dl dt').count()).toBeGreaterThanOrEqual(7);
      expect(requests).toEqual([`file://${out}`]);
      if (process.env.UPDATE_SCREENSHOTS === '1') await page.screenshot({ path: path.join(__dirname, '..', 'docs', 'report.png'), fullPage: true });
    } finally {
      await b.close();
    }
  }, 120_000);

  it('notes every suppressed cell (the small agency)', async () => {
    const out = path.join(dir, 'small.html');
    const html = await writeReport(t.url, await t.token('COORDINATOR'), out, { agency: 'NC0410300', from: '2020-01-01T00:00:00Z' });
    expect(html).toMatch(/Re-arrest within one year: tier A, agency NC0410300: withheld/);
    expect(html).toContain('police agency NC0410300');
  });
});
