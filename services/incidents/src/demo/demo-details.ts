/**
 * The police details of the shared demo history (packages/core demo-data.ts, left untouched: other
 * seeds use it): charges on arrests, weapons and injuries by offense, victims' contact details, LAP
 * screens, offender identifiers, and protective orders that the 90Z incidents violated.
 * Deterministic: each incident draws from its own seeded generator. Synthetic values only
 * (555-01xx phone numbers, invented streets).
 */
import { demoUuid, seededRandom, type DemoIncident, type DemoOffender } from '@ipvi/core';
import { LAP_KEYS, type LapAnswers } from '../lethality';
import type { ChargeDraft, IncidentDraft, ScreenDraft } from '../model/incident-record';
import type { Disposition } from '../nibrs';

type Rand = () => number;

export function pick<T>(r: Rand, xs: readonly T[]): T {
  return xs[Math.floor(r() * xs.length)]!;
}

/** Picks by weight: `[[value, weight], ...]`. */
export function weighted<T>(r: Rand, xs: readonly (readonly [T, number])[]): T {
  let x = r() * xs.reduce((s, [, w]) => s + w, 0);
  for (const [v, w] of xs) if ((x -= w) < 0) return v;
  return xs[xs.length - 1]![0];
}

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
const address = (r: Rand) => `${100 + Math.floor(r() * 3900)} ${pick(r, STREETS)}, High Point, NC`;

const WEAPON: Readonly<Record<string, readonly (readonly [string | null, number])[]>> = {
  '13A': [
    ['12', 25],
    ['20', 30],
    ['30', 20],
    ['85', 15],
    ['35', 10],
  ],
  '13B': [
    ['40', 90],
    ['99', 10],
  ],
  '11A': [['40', 100]],
};
const INJURY: Readonly<Record<string, readonly (readonly [string | null, number])[]>> = {
  '13A': [
    ['B', 20],
    ['L', 30],
    ['O', 20],
    ['I', 15],
    ['U', 15],
  ],
  '13B': [
    ['M', 70],
    ['N', 30],
  ],
  '11A': [
    ['O', 60],
    ['M', 40],
  ],
};

/** Charges by offense: statute, description, felony. DV-related when the relationship is intimate or family. */
const CHARGES: Readonly<Record<string, readonly (readonly [string, string, boolean])[]>> = {
  '13A': [
    ['14-32.4(a)', 'Assault inflicting serious bodily injury', true],
    ['14-32.4(b)', 'Assault by strangulation', true],
    ['14-32(a)', 'Assault with a deadly weapon with intent to kill inflicting serious injury', true],
  ],
  '13B': [
    ['14-33(c)(2)', 'Assault on a female', false],
    ['14-33(a)', 'Simple assault', false],
    ['14-33(d)', 'Assault in the presence of a minor', false],
  ],
  '13C': [
    ['14-277.3A', 'Stalking', false],
    ['14-277.1', 'Communicating threats', false],
  ],
  '90Z': [['50B-4.1(a)', 'Violation of a valid protective order', false]],
  '290': [['14-160', 'Injury to personal property', false]],
  '11A': [['14-27.21', 'First-degree forcible rape', true]],
};

function charges(r: Rand, inc: DemoIncident): ChargeDraft[] {
  if (!inc.arrestMade) return [];
  const day = inc.occurredAt.toISOString().slice(0, 10);
  const decided = inc.occurredAt.getTime() < Date.UTC(2025, 9, 1);
  return inc.offenseCodes.flatMap((code) => {
    const [statute, description, felony] = pick(r, CHARGES[code] ?? []) ?? [];
    if (!statute || !description) return [];
    const disposition: Disposition = decided
      ? weighted(r, [
          ['CONVICTED', 45],
          ['DISMISSED', 35],
          ['DEFERRED', 10],
          ['PENDING', 10],
        ] as const)
      : 'PENDING';
    const dispositionDate =
      disposition === 'PENDING' ? null : new Date(inc.occurredAt.getTime() + (30 + Math.floor(r() * 200)) * 86400000).toISOString().slice(0, 10);
    return [{ statute, description, dvRelated: true, felony: felony ?? false, chargedOn: day, disposition, dispositionDate }];
  });
}

/** A LAP screen for most intimate-partner incidents with a victim (realistic yes rates per question). */
function screen(r: Rand, inc: DemoIncident): ScreenDraft | null {
  if (!inc.isIntimatePartner || inc.victims.length === 0 || r() > 0.6) return null;
  const declined = r() < 0.08;
  const rates = [0.2, 0.25, 0.3, 0.3, 0.25, 0.5, 0.45, 0.35, 0.15, 0.2, 0.35];
  const answers = Object.fromEntries(LAP_KEYS.map((k, i) => [k, declined ? null : r() < rates[i]!])) as unknown as LapAnswers;
  const screenedAt = new Date(inc.occurredAt.getTime() + Math.floor(r() * 90) * 60000).toISOString();
  return { screenedAt, administeredBy: `HP${100 + Math.floor(r() * 150)}`, answers, declined, officerBelief: r() < 0.05, spokeWithHotline: r() < 0.55 };
}

export interface DemoOrder {
  id: string;
  number: string;
  offenderId: string;
  issuedOn: string;
  expiresOn: string;
  type: 'EX_PARTE' | 'FINAL';
  protectedName: string;
  protectedDob: string | null;
}

/** Protective orders: one in force for every 90Z incident (reused while in force), plus some never violated. */
export function demoOrders(offenders: readonly DemoOffender[], incidents: readonly DemoIncident[]): DemoOrder[] {
  const orders: DemoOrder[] = [];
  const add = (r: Rand, offenderId: string, before: Date, victim: { name: string; dateOfBirth: string } | undefined) => {
    const issued = new Date(before.getTime() - (10 + Math.floor(r() * 200)) * 86400000);
    const type = r() < 0.2 ? 'EX_PARTE' : 'FINAL';
    const expires = new Date(issued.getTime() + (type === 'FINAL' ? 365 : 240) * 86400000);
    const n = orders.length + 1;
    orders.push({
      id: demoUuid('protective-order', n),
      number: `${String(issued.getUTCFullYear()).slice(2)}CVD${String(1000 + n * 37).padStart(6, '0')}`,
      offenderId,
      issuedOn: issued.toISOString().slice(0, 10),
      expiresOn: expires.toISOString().slice(0, 10),
      type,
      protectedName: victim?.name ?? `Protected Party ${n}`,
      protectedDob: victim?.dateOfBirth ?? null,
    });
  };
  incidents.forEach((inc, n) => {
    if (!inc.offenseCodes.includes('90Z')) return;
    const day = inc.occurredAt.toISOString().slice(0, 10);
    if (!orders.some((o) => o.offenderId === inc.offenderId && o.issuedOn <= day && o.expiresOn >= day))
      add(seededRandom(7000 + n), inc.offenderId, inc.occurredAt, inc.victims[0]);
  });
  offenders.forEach((o, n) => {
    const r = seededRandom(9000 + n);
    if (r() < 0.05) add(r, o.id, new Date(Date.UTC(2026, 3, 1) - Math.floor(r() * 700) * 86400000), undefined);
  });
  return orders;
}

/** The incident draft of a demo incident, with its details. */
export function demoDraft(inc: DemoIncident, n: number, orders: readonly DemoOrder[]): IncidentDraft {
  const r = seededRandom(5000 + n);
  const main = inc.offenseCodes[0]!;
  const injury = weighted(r, INJURY[main] ?? [['N', 1]]);
  const day = inc.occurredAt.toISOString().slice(0, 10);
  const order = inc.offenseCodes.includes('90Z') ? orders.find((o) => o.offenderId === inc.offenderId && o.issuedOn <= day && o.expiresOn >= day) : undefined;
  return {
    id: inc.id,
    agencyOri: inc.agencyOri,
    rmsNumber: inc.rmsNumber,
    occurredAt: inc.occurredAt.toISOString(),
    reportedAt: new Date(inc.occurredAt.getTime() + Math.floor(r() * 120) * 60000).toISOString(),
    location: address(r),
    offenses: inc.offenseCodes.map((code) => ({ code, attempted: false })),
    relationshipCode: inc.relationshipCode,
    intimatePartnerValidated: null,
    arrestMade: inc.arrestMade,
    weapon: weighted(r, WEAPON[main] ?? [[null, 1]]),
    injury,
    childrenPresent: r() < 0.3,
    narrative: inc.narrative,
    reportingOfficer: `HP${100 + Math.floor(r() * 150)}`,
    offender: { id: inc.offenderId, name: null, dateOfBirth: null, aliases: [], stateId: null, localId: null },
    victims: inc.victims.map((v, i) => ({
      name: v.name,
      dateOfBirth: v.dateOfBirth,
      phone: `+1336555${String(100 + ((n * 7 + i) % 100)).padStart(4, '0')}`,
      address: address(r),
      injury: i === 0 ? injury : 'N',
    })),
    charges: charges(r, inc),
    lethalityScreen: screen(r, inc),
    violatedProtectiveOrderNumber: order?.number ?? null,
  };
}

/** Identifiers police hold for some demo offenders (state id, local id, an alias). */
export function demoIdentifiers(o: DemoOffender, n: number): { aliases: string[]; stateId: string | null; localId: string | null } {
  const r = seededRandom(3000 + n);
  const [first, last] = o.name.split(' ');
  return {
    aliases: r() < 0.1 ? [`${first![0]}. ${last}`] : [],
    stateId: r() < 0.3 ? `NC${String(1000000 + Math.floor(r() * 8999999))}` : null,
    localId: r() < 0.5 ? `HP${String(100000 + n)}` : null,
  };
}
