/**
 * `npm run report -- --out report.html [--from DATE] [--to DATE] [--agency ORI] [--url URL] [--role ANALYST|COORDINATOR]`:
 * writes the quarterly partnership report, one self-contained HTML file, from the de-identified
 * measures read through the gateway with a demo token (development and demo only; in production,
 * pass a real token with --token-file).
 */
import fs from 'node:fs';
import { ConfigError, loadConfig, mintDemoToken } from '@ipvi/core';
import { renderReport } from './report/html';
import { fetchMeasures, type ReportOptions } from './report/measures';

const HELP = `Usage: npm run report -- --out FILE [--from YYYY-MM-DD] [--to YYYY-MM-DD] [--agency ORI] [--url URL] [--role ANALYST|COORDINATOR]

Writes the partnership report (one HTML file, charts inline, no network needed to open it).
  --from, --to  whole quarters and cohorts within [from, to) in the per-quarter charts
  --agency      police-side measures of one police agency
  --url         the gateway (default: the configured gateway URL)
  --role        the demo token's role (default ANALYST)
  --token-file  a file holding a bearer token to use instead of a demo token (required in production)
`;

function arg(argv: string[], name: string): string | undefined {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 ? argv[i + 1] : undefined;
}

function instant(raw: string | undefined, name: string): string | undefined {
  if (raw === undefined) return undefined;
  if (!/^\d{4}-\d{2}-\d{2}$/.test(raw) || Number.isNaN(Date.parse(`${raw}T00:00:00Z`))) throw new Error(`--${name} must be a date, YYYY-MM-DD`);
  return `${raw}T00:00:00Z`;
}

/** Writes the report for the hub at `url` with `token`; returns the HTML. */
export async function writeReport(url: string, token: string, out: string, o: ReportOptions): Promise<string> {
  const html = renderReport(await fetchMeasures(url, token, o), o, new Date());
  fs.writeFileSync(out, html);
  return html;
}

async function main(argv: string[]): Promise<number> {
  if (argv.includes('--help') || argv.includes('-h')) return (process.stdout.write(HELP), 0);
  const out = arg(argv, 'out');
  if (!out) return (process.stderr.write(`report: --out is required\n\n${HELP}`), 2);
  let config;
  try {
    config = loadConfig();
  } catch (e) {
    return (process.stderr.write(`${e instanceof ConfigError ? e.message : String(e)}\n`), 2);
  }
  const role = arg(argv, 'role') ?? 'ANALYST';
  if (role !== 'ANALYST' && role !== 'COORDINATOR') return (process.stderr.write('report: --role must be ANALYST or COORDINATOR\n'), 2);
  const tokenFile = arg(argv, 'token-file');
  let token = tokenFile ? fs.readFileSync(tokenFile, 'utf8').trim() : undefined;
  if (!token) {
    if (config.mode === 'production') return (process.stderr.write('report: demo tokens are refused in production mode; pass --token-file\n'), 2);
    token = await mintDemoToken(config, { role });
  }
  try {
    const o = { from: instant(arg(argv, 'from'), 'from'), to: instant(arg(argv, 'to'), 'to'), agency: arg(argv, 'agency') };
    await writeReport(arg(argv, 'url') ?? config.gatewayUrl, token, out, o);
  } catch (e) {
    return (process.stderr.write(`report: ${e instanceof Error ? e.message : String(e)}\n`), 1);
  }
  process.stdout.write(`wrote ${out}\n`);
  return 0;
}

if (require.main === module) void main(process.argv.slice(2)).then((code) => process.exit(code));
