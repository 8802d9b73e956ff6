/** NIBRS reference data the incidents subgraph validates against. */

/** Offense codes accepted on an incident, with their descriptions. */
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
  '90Z': 'All other offenses (including protective-order violations, with the state statute)',
};

/** Intimate-partner relationship codes (DE 35): spouse, common-law spouse, boyfriend/girlfriend, ex-spouse, ex-relationship, legacy homosexual relationship. */
export const INTIMATE_PARTNER_CODES: ReadonlySet<string> = new Set(['SE', 'CS', 'BG', 'XS', 'XR', 'HR']);

/** Every relationship code accepted. */
export const RELATIONSHIP_CODES: ReadonlySet<string> = new Set([
  ...INTIMATE_PARTNER_CODES,
  'PA', 'SB', 'CH', 'GP', 'GC', 'IL', 'SP', 'SC', 'SS', 'OF', 'CF', 'AQ', 'FR', 'NE', 'BE', 'EE', 'ER', 'OK', 'RU', 'ST', 'VO',
]);

export function offenseDescription(code: string): string {
  return OFFENSES[code] ?? 'Unknown offense code';
}
