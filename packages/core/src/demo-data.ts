/**
 * The demo partnership's synthetic history, as a pure deterministic function: every subgraph's seed
 * takes the part it owns, so the three databases agree without reading each other's tables.
 * Synthetic names only; no real person.
 */
import { DEMO_POLICE_ORI } from './config';
import { demoUuid, seededRandom } from './demo';

export interface DemoOffender {
  id: string;
  name: string;
  dateOfBirth: string;
}
export interface DemoVictim {
  id: string;
  name: string;
  dateOfBirth: string;
}
export interface DemoIncident {
  id: string;
  agencyOri: string;
  rmsNumber: string;
  occurredAt: Date;
  offenseCodes: string[];
  relationshipCode: string;
  isIntimatePartner: boolean;
  arrestMade: boolean;
  narrative: string;
  offenderId: string;
  victims: DemoVictim[];
}
export interface DemoHistory {
  offenders: DemoOffender[];
  incidents: DemoIncident[];
}

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
  'Young',
  'Allen',
  'King',
  'Wright',
  'Scott',
  'Torres',
  'Nguyen',
  'Hill',
  'Flores',
  'Green',
];
const IP_CODES = ['BG', 'BG', 'BG', 'SE', 'SE', 'CS', 'XS', 'XR', 'XR'];
const FAMILY_CODES = ['PA', 'CH', 'SB', 'IL', 'GP'];

/** Demo history ends here (fixed, so every run is identical). */
export const DEMO_EPOCH = new Date('2026-10-01T00:00:00Z');

function pick<T>(r: () => number, xs: readonly T[]): T {
  return xs[Math.floor(r() * xs.length)]!;
}

function dob(r: () => number, minAge: number, maxAge: number): string {
  const year = DEMO_EPOCH.getUTCFullYear() - minAge - Math.floor(r() * (maxAge - minAge));
  const d = new Date(Date.UTC(year, Math.floor(r() * 12), 1 + Math.floor(r() * 28)));
  return d.toISOString().slice(0, 10);
}

export function demoHistory(offenderCount = 500, incidentCount = 1500, seed = 20120201): DemoHistory {
  const r = seededRandom(seed);
  const offenders: DemoOffender[] = Array.from({ length: offenderCount }, (_, n) => ({
    id: demoUuid('offender', n + 1),
    name: `${pick(r, FIRST)} ${pick(r, LAST)}`,
    dateOfBirth: dob(r, 19, 60),
  }));
  const span = 3 * 365 * 24 * 3600 * 1000;
  const incidents: DemoIncident[] = [];
  for (let n = 0; n < incidentCount; n++) {
    // Skewed repeat offending: a few offenders account for many incidents.
    const offender = offenders[Math.min(offenderCount - 1, Math.floor(offenderCount * Math.pow(r(), 2.2)))]!;
    const ip = r() < 0.85;
    const relationshipCode = ip ? pick(r, IP_CODES) : pick(r, FAMILY_CODES);
    const arrestMade = r() < 0.4;
    const roll = r();
    const offenseCodes = roll < 0.55 ? ['13B'] : roll < 0.72 ? ['13A'] : roll < 0.84 ? ['13C'] : roll < 0.95 ? ['90Z'] : roll < 0.98 ? ['13B', '290'] : ['11A'];
    const victimCount = r() < 0.9 ? 1 : r() < 0.5 ? 2 : 0;
    const victims = Array.from({ length: victimCount }, (_, v) => ({
      id: demoUuid('victim', n * 4 + v + 1),
      name: `${pick(r, FIRST)} ${pick(r, LAST)}`,
      dateOfBirth: dob(r, 18, 65),
    }));
    incidents.push({
      id: demoUuid('incident', n + 1),
      agencyOri: DEMO_POLICE_ORI,
      rmsNumber: `HP${String(2023000000 + n * 7 + 11)}`,
      occurredAt: new Date(DEMO_EPOCH.getTime() - span + Math.floor(r() * span)),
      offenseCodes,
      relationshipCode,
      isIntimatePartner: ip,
      arrestMade,
      narrative: `Synthetic demo narrative ${n + 1}: officers responded to a ${ip ? 'domestic disturbance between partners' : 'family disturbance'}.`,
      offenderId: offender.id,
      victims,
    });
  }
  incidents.sort((a, b) => a.occurredAt.getTime() - b.occurredAt.getTime());
  return { offenders, incidents };
}
