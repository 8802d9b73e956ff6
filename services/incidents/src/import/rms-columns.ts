/**
 * The records-system export's CSV columns (documented in samples/README.md) and their mapping to the
 * recordIncident input, so CSV rows go through the same validator as the graph. Problems are named
 * by column again (victims[0].dateOfBirth -> victim1_dob).
 */
import { LAP_KEYS } from '../lethality';

type Kind = 'text' | 'bool' | 'list';
type Spec = readonly (readonly [column: string, key: string, kind: Kind])[];

const INCIDENT: Spec = [
  ['agency_ori', 'agencyOri', 'text'],
  ['rms_number', 'rmsNumber', 'text'],
  ['occurred_at', 'occurredAt', 'text'],
  ['reported_at', 'reportedAt', 'text'],
  ['location', 'location', 'text'],
  ['offenses', 'offenses', 'list'],
  ['attempted_offenses', 'attemptedOffenses', 'list'],
  ['relationship_code', 'relationshipCode', 'text'],
  ['ip_validated', 'intimatePartnerValidated', 'bool'],
  ['arrest_made', 'arrestMade', 'bool'],
  ['weapon', 'weapon', 'text'],
  ['injury', 'injury', 'text'],
  ['children_present', 'childrenPresent', 'bool'],
  ['narrative', 'narrative', 'text'],
  ['reporting_officer', 'reportingOfficer', 'text'],
  ['violated_order_number', 'violatedProtectiveOrderNumber', 'text'],
];
const OFFENDER: Spec = [
  ['offender_id', 'id', 'text'],
  ['offender_name', 'name', 'text'],
  ['offender_dob', 'dateOfBirth', 'text'],
  ['offender_aliases', 'aliases', 'list'],
  ['offender_state_id', 'stateId', 'text'],
  ['offender_local_id', 'localId', 'text'],
];
const VICTIM: Spec = [
  ['name', 'name', 'text'],
  ['dob', 'dateOfBirth', 'text'],
  ['phone', 'phone', 'text'],
  ['address', 'address', 'text'],
  ['injury', 'injury', 'text'],
];
const CHARGE: Spec = [
  ['statute', 'statute', 'text'],
  ['description', 'description', 'text'],
  ['dv', 'dvRelated', 'bool'],
  ['felony', 'felony', 'bool'],
  ['date', 'chargedOn', 'text'],
  ['disposition', 'disposition', 'text'],
  ['disposition_date', 'dispositionDate', 'text'],
];
const LAP: Spec = [
  ['lap_screened_at', 'screenedAt', 'text'],
  ['lap_administered_by', 'administeredBy', 'text'],
  ...LAP_KEYS.map((k, i) => [`lap_q${i + 1}`, k, 'bool'] as const),
  ['lap_declined', 'declined', 'bool'],
  ['lap_officer_belief', 'officerBelief', 'bool'],
  ['lap_hotline', 'spokeWithHotline', 'bool'],
];
const MAX_PARTIES = 20;

const TRUE = new Set(['Y', 'YES', 'TRUE', 'T', '1']);
const FALSE = new Set(['N', 'NO', 'FALSE', 'F', '0']);

function value(raw: string, kind: Kind): unknown {
  const s = raw.trim();
  if (s === '') return undefined;
  if (kind === 'list')
    return s
      .split(/[;|]/)
      .map((x) => x.trim())
      .filter(Boolean);
  if (kind === 'bool') return TRUE.has(s.toUpperCase()) ? true : FALSE.has(s.toUpperCase()) ? false : s;
  return s;
}

/** A group of columns compiled against the header: [index in the row, input key, kind]. */
type Compiled = readonly (readonly [index: number, key: string, kind: Kind])[];

function compile(header: readonly string[], spec: Spec, prefix = ''): Compiled {
  return spec.flatMap(([column, key, kind]) => {
    const index = header.indexOf(prefix + column);
    return index < 0 ? [] : [[index, key, kind] as const];
  });
}

/** Reads a compiled group from a row into an object; undefined when every cell is blank. */
function group(fields: readonly string[], columns: Compiled): Record<string, unknown> | undefined {
  let out: Record<string, unknown> | undefined;
  for (const [index, key, kind] of columns) {
    const v = value(fields[index] ?? '', kind);
    if (v !== undefined) (out ??= {})[key] = v;
  }
  return out;
}

/** Which numbered groups (victim1_, charge2_, ...) a header uses. */
function numbered(header: readonly string[], kind: 'victim' | 'charge'): number[] {
  return [
    ...new Set(
      header.flatMap((h) => {
        const m = new RegExp(`^${kind}(\\d+)_`).exec(h);
        return m ? [Number(m[1])] : [];
      }),
    ),
  ].sort((a, b) => a - b);
}

export function knownColumn(column: string): boolean {
  if ([...INCIDENT, ...OFFENDER, ...LAP].some(([c]) => c === column)) return true;
  const m = /^(victim|charge)(\d+)_(.+)$/.exec(column);
  return !!m && Number(m[2]) >= 1 && Number(m[2]) <= MAX_PARTIES && (m[1] === 'victim' ? VICTIM : CHARGE).some(([c]) => c === m[3]);
}

/** A mapper from a CSV record to a recordIncident input; throws on unknown or repeated columns. */
export function rowMapper(header: readonly string[]): (fields: readonly string[]) => Record<string, unknown> {
  const unknown = header.filter((h) => !knownColumn(h));
  if (unknown.length) throw new Error(`unknown column(s): ${unknown.join(', ')} (see services/incidents/samples/README.md)`);
  const repeated = header.filter((h, i) => header.indexOf(h) !== i);
  if (repeated.length) throw new Error(`repeated column(s): ${repeated.join(', ')}`);
  const incident = compile(header, INCIDENT);
  const offender = compile(header, OFFENDER);
  const lap = compile(header, LAP);
  const victims = numbered(header, 'victim').map((n) => compile(header, VICTIM, `victim${n}_`));
  const charges = numbered(header, 'charge').map((n) => compile(header, CHARGE, `charge${n}_`));
  return (fields) => {
    const input: Record<string, unknown> = { ...group(fields, incident), offender: group(fields, offender) ?? {} };
    input.victims = victims.flatMap((g) => group(fields, g) ?? []);
    input.charges = charges.flatMap((g) => group(fields, g) ?? []);
    const screen = group(fields, lap);
    if (screen) input.lethalityScreen = screen;
    return input;
  };
}

const column = (spec: Spec, key: string) => spec.find(([, k]) => k === key)?.[0];

/** The CSV column a validation field names (e.g. victims[0].dateOfBirth -> victim1_dob); the field itself otherwise. */
export function columnOf(field: string): string {
  const m = /^(?:(victims|charges)\[(\d+)\]|(offender|lethalityScreen))\.(\w+)$/.exec(field);
  if (m) {
    const [, list, index, single, key] = m;
    if (list) return `${list === 'victims' ? 'victim' : 'charge'}${Number(index) + 1}_${column(list === 'victims' ? VICTIM : CHARGE, key!) ?? key}`;
    return column(single === 'offender' ? OFFENDER : LAP, key!) ?? field;
  }
  const item = /^(\w+)\[(\d+)\]$/.exec(field);
  if (item) return `${column(INCIDENT, item[1]!) ?? item[1]} (item ${Number(item[2]) + 1})`;
  return column(INCIDENT, field) ?? field;
}
