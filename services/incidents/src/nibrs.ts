/**
 * NIBRS reference data the incidents subgraph validates against (offense codes, relationship codes
 * DE 35, weapon/force codes DE 13, injury codes DE 33), plus the North Carolina statute used for
 * protective-order violations, which NIBRS codes as 90Z (Group B) with the state statute.
 */

/** Offense codes accepted on an incident, with their descriptions. */
import type { RelationshipCode } from './generated/resolvers';
export const OFFENSES: Readonly<Record<string, string>> = {
  '09A': 'Murder and nonnegligent manslaughter',
  '09B': 'Negligent manslaughter',
  '100': 'Kidnapping/abduction',
  '11A': 'Rape',
  '11B': 'Sodomy',
  '11C': 'Sexual assault with an object',
  '11D': 'Fondling',
  '13A': 'Aggravated assault',
  '13B': 'Simple assault',
  '13C': 'Intimidation',
  '290': 'Destruction/damage/vandalism of property',
  '520': 'Weapon law violations',
  '90J': 'Trespass of real property',
  '90Z': 'All other offenses (incl. protective-order violations, N.C. G.S. 50B-4.1)',
};

/** Crimes against persons: the relationship code (DE 35) is required when one is reported. */
export const CRIMES_AGAINST_PERSONS: ReadonlySet<string> = new Set(['09A', '09B', '100', '11A', '11B', '11C', '11D', '13A', '13B', '13C']);

/**
 * Offenses NIBRS always reports as completed: homicides (an attempted murder is a 13A), assaults,
 * and Group B offenses (arrest-only, no attempted/completed indicator).
 */
export const ALWAYS_COMPLETED: ReadonlySet<string> = new Set(['09A', '09B', '13A', '13B', '13C', '90J', '90Z']);

/** The protective-order violation statute of the site (North Carolina), coded with NIBRS 90Z. */
export const PROTECTIVE_ORDER_STATUTE = '50B-4.1';
export const PROTECTIVE_ORDER_OFFENSE = '90Z';

/** Relationship codes (DE 35), victim to offender. */
export const RELATIONSHIPS: Readonly<Record<string, string>> = {
  SE: 'Spouse',
  CS: 'Common-law spouse',
  BG: 'Boyfriend/girlfriend',
  XS: 'Ex-spouse',
  XR: 'Ex-relationship (ex-boyfriend/ex-girlfriend)',
  HR: 'Homosexual relationship (legacy code)',
  PA: 'Parent',
  SB: 'Sibling',
  CH: 'Child',
  GP: 'Grandparent',
  GC: 'Grandchild',
  IL: 'In-law',
  SP: 'Stepparent',
  SC: 'Stepchild',
  SS: 'Stepsibling',
  OF: 'Other family member',
  CF: 'Child of boyfriend/girlfriend',
  AQ: 'Acquaintance',
  FR: 'Friend',
  NE: 'Neighbor',
  BE: 'Babysittee',
  EE: 'Employee',
  ER: 'Employer',
  OK: 'Otherwise known',
  RU: 'Relationship unknown',
  ST: 'Stranger',
  VO: 'Victim was offender',
};

/** Intimate-partner relationship codes: spouse, common-law spouse, boyfriend/girlfriend, ex-spouse, ex-relationship, legacy HR. */
export const INTIMATE_PARTNER_CODES: ReadonlySet<string> = new Set(['SE', 'CS', 'BG', 'XS', 'XR', 'HR']);

/** Every relationship code accepted (the schema's enum RelationshipCode holds the same values: nibrs.test.ts). */
export const RELATIONSHIP_CODES: ReadonlySet<string> = new Set(Object.keys(RELATIONSHIPS));

/** A stored relationship code as the schema's enum: every stored code was validated against RELATIONSHIP_CODES. */
export function asRelationshipCode(code: string | null | undefined): RelationshipCode | null {
  return code === null || code === undefined ? null : (code as RelationshipCode);
}

/** Type of weapon/force involved (DE 13). */
export const WEAPONS: Readonly<Record<string, string>> = {
  '11': 'Firearm (type not stated)',
  '12': 'Handgun',
  '13': 'Rifle',
  '14': 'Shotgun',
  '15': 'Other firearm',
  '20': 'Knife/cutting instrument',
  '30': 'Blunt object',
  '35': 'Motor vehicle/vessel',
  '40': 'Personal weapons (hands, fists, feet, teeth)',
  '50': 'Poison',
  '60': 'Explosives',
  '65': 'Fire/incendiary device',
  '70': 'Drugs/narcotics/sleeping pills',
  '85': 'Asphyxiation (incl. strangulation)',
  '90': 'Other',
  '95': 'Unknown',
  '99': 'None',
};

/** Codes that count as "a weapon was used or threatened" (not hands/feet, strangulation, unknown or none). */
export const WEAPON_INVOLVED_CODES: readonly string[] = ['11', '12', '13', '14', '15', '20', '30', '35', '50', '60', '65', '70', '90'];

/** Type of injury (DE 33). */
export const INJURIES: Readonly<Record<string, string>> = {
  N: 'None',
  M: 'Apparent minor injury',
  B: 'Apparent broken bones',
  I: 'Possible internal injury',
  L: 'Severe laceration',
  O: 'Other major injury',
  T: 'Loss of teeth',
  U: 'Unconsciousness',
};

/** Court dispositions of a charge. */
export const DISPOSITIONS = ['PENDING', 'DISMISSED', 'DEFERRED', 'CONVICTED', 'ACQUITTED', 'OTHER'] as const;
export type Disposition = (typeof DISPOSITIONS)[number];

/** Kinds of protective orders (N.C. G.S. 50B). */
export const ORDER_TYPES = ['EMERGENCY', 'EX_PARTE', 'FINAL'] as const;
export type OrderType = (typeof ORDER_TYPES)[number];

export function offenseDescription(code: string): string {
  return OFFENSES[code] ?? 'Unknown offense code';
}

export function relationshipDescription(code: string): string {
  return RELATIONSHIPS[code] ?? 'Unknown relationship code';
}

/** Whether the statute is the site's protective-order violation statute (any subsection). */
export function isProtectiveOrderStatute(statute: string): boolean {
  return statute === PROTECTIVE_ORDER_STATUTE || statute.startsWith(`${PROTECTIVE_ORDER_STATUTE}(`);
}

/** A code with its plain-language description, as the graph returns it. */
export function coded(table: Readonly<Record<string, string>>, code: string | null): { code: string; description: string } | null {
  return code === null ? null : { code, description: table[code] ?? 'Unknown code' };
}
