/**
 * Writes a synthetic records-system export (the CSV layout of services/incidents/samples/README.md)
 * of any size, deterministically: `npx tsx bench/import-generate.ts --offenders 100000 --incidents 1000000 --out big.csv`,
 * then `npm run import -- big.csv`. Synthetic names, 555-01xx phone numbers, invented streets.
 */
import fs from 'node:fs';
import path from 'node:path';
import { once } from 'node:events';
import { DEMO_POLICE_ORI, seededRandom } from '@ipvi/core';

const FIRST = [
  'James',
  'Maria',
  'Robert',
  'Linda',
  'Michael',
  'Patricia',
  'David',
  'Jennifer',
  'William',
  'Elizabeth',
  'Richard',
  'Susan',
  'Joseph',
  'Jessica',
  'Thomas',
  'Sarah',
  'Carlos',
  'Aisha',
  'Dmitri',
  'Mei',
  'Andre',
  'Keisha',
  'Tyrone',
  'Rosa',
  'Brandon',
  'Tamika',
  'Kevin',
  'Latoya',
  'Jamal',
  'Ana',
];
const LAST = [
  'Smith',
  'Johnson',
  'Williams',
  'Brown',
  'Jones',
  'Garcia',
  'Miller',
  'Davis',
  'Rodriguez',
  'Martinez',
  'Hernandez',
  'Lopez',
  'Wilson',
  'Anderson',
  'Thomas',
  'Taylor',
  'Moore',
  'Jackson',
  'Martin',
  'Lee',
  'Perez',
  'Thompson',
  'White',
  'Harris',
  'Sanchez',
  'Clark',
  'Ramirez',
  'Lewis',
  'Robinson',
  'Walker',
];
const STREETS = [
  'Elm St',
  'Main St',
  'Lexington Ave',
  'Montlieu Ave',
  'Westchester Dr',
  'Eastchester Dr',
  'Brentwood St',
  'Centennial St',
  'Johnson St',
  'Kivett Dr',
];
const IP = ['BG', 'BG', 'BG', 'SE', 'SE', 'CS', 'XS', 'XR', 'XR'];
const FAMILY = ['PA', 'CH', 'SB', 'IL', 'GP'];
const OFFENSES: readonly [string, string | null, string, string, string, boolean][] = [
  // code, weapon, injury, statute, description, felony
  ['13B', '40', 'M', '14-33(c)(2)', 'Assault on a female', false],
  ['13A', '20', 'L', '14-32.4(a)', 'Assault inflicting serious bodily injury', true],
  ['13C', null, 'N', '14-277.3A', 'Stalking', false],
  ['90Z', null, 'N', '50B-4.1(a)', 'Violation of a valid protective order', false],
];
export const COLUMNS = [
  'agency_ori',
  'rms_number',
  'occurred_at',
  'offenses',
  'relationship_code',
  'arrest_made',
  'weapon',
  'injury',
  'children_present',
  'narrative',
  'offender_name',
  'offender_dob',
  'victim1_name',
  'victim1_dob',
  'victim1_phone',
  'victim1_address',
  'victim1_injury',
  'charge1_statute',
  'charge1_description',
  'charge1_dv',
  'charge1_felony',
  'charge1_date',
  'lap_q1',
  'lap_q2',
  'lap_q3',
  'lap_q4',
  'lap_q5',
];

type Rand = () => number;
const pick = <T>(r: Rand, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
const date = (r: Rand, fromYear: number, years: number) =>
  new Date(Date.UTC(fromYear, 0, 1) + Math.floor(r() * years * 365) * 86400000).toISOString().slice(0, 10);

function offenderOf(n: number): [string, string] {
  const r = seededRandom(1_000_003 * (n + 1));
  const initial = () => String.fromCharCode(65 + Math.floor(r() * 26));
  return [`${pick(r, FIRST)} ${initial()}${initial()} ${pick(r, LAST)}-${pick(r, LAST)}`, date(r, 1960, 42)];
}

/** One CSV row of incident n (skewed repeat offending: a few offenders have many incidents). */
export function exportRow(n: number, offenders: number, end: Date): string[] {
  const r = seededRandom(n + 17);
  const [name, dob] = offenderOf(Math.floor(offenders * Math.pow(r(), 2)));
  const [code, weapon, injury, statute, description, felony] = pick(r, OFFENSES);
  const at = new Date(end.getTime() - Math.floor(r() * 3 * 365 * 86400) * 1000);
  const arrest = r() < 0.4;
  const ip = r() < 0.85;
  const lap = ip && r() < 0.6 ? Array.from({ length: 5 }, () => (r() < 0.3 ? 'Y' : 'N')) : ['', '', '', '', ''];
  return [
    DEMO_POLICE_ORI,
    `GEN-${String(n + 1).padStart(8, '0')}`,
    at.toISOString(),
    code,
    ip ? pick(r, IP) : pick(r, FAMILY),
    arrest ? 'Y' : 'N',
    weapon ?? '',
    injury,
    r() < 0.3 ? 'Y' : 'N',
    `Synthetic generated narrative ${n + 1}.`,
    name,
    dob,
    `${pick(r, FIRST)} ${pick(r, LAST)}`,
    date(r, 1965, 40),
    `336555${String(100 + Math.floor(r() * 100)).padStart(4, '0')}`,
    `${100 + Math.floor(r() * 3900)} ${pick(r, STREETS)}, High Point, NC`,
    injury,
    ...(arrest ? [statute, description, 'Y', felony ? 'Y' : 'N', at.toISOString().slice(0, 10)] : ['', '', '', '', '']),
    ...lap,
  ];
}

const csvCell = (s: string) => (/[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);

/** Writes `incidents` rows over `offenders` offenders to `file`, ending before `end`. */
export async function generateExport(file: string, opts: { offenders: number; incidents: number; end?: Date }): Promise<void> {
  const end = opts.end ?? new Date(Date.UTC(2026, 9, 1));
  const out = fs.createWriteStream(file);
  out.write(`${COLUMNS.join(',')}\n`);
  for (let n = 0; n < opts.incidents; n++) {
    if (!out.write(`${exportRow(n, opts.offenders, end).map(csvCell).join(',')}\n`)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
}

function arg(argv: readonly string[], name: string, fallback: string): string {
  const i = argv.indexOf(name);
  return i >= 0 && argv[i + 1] ? argv[i + 1]! : fallback;
}

if (require.main === module) {
  const argv = process.argv.slice(2);
  if (argv.includes('--help')) {
    process.stdout.write(
      'Usage: npx tsx bench/import-generate.ts [--offenders N] [--incidents N] [--out FILE]\n(defaults: 500 offenders, 1500 incidents, bench/out/rms-generated.csv)\n',
    );
  } else {
    const out = arg(argv, '--out', 'bench/out/rms-generated.csv');
    fs.mkdirSync(path.dirname(out), { recursive: true });
    const [offenders, incidents] = [Number(arg(argv, '--offenders', '500')), Number(arg(argv, '--incidents', '1500'))];
    const t0 = Date.now();
    void generateExport(out, { offenders, incidents }).then(() =>
      process.stdout.write(`wrote ${incidents} incidents over ${offenders} offenders to ${out} in ${((Date.now() - t0) / 1000).toFixed(1)} s\n`),
    );
  }
}
