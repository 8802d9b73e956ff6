/** Shared documents and inputs of the incidents integration tests. */
import { Client } from 'pg';
import type { TestHub } from './harness/hub';

export const RECORD = `mutation Record($input: RecordIncidentInput!) {
  recordIncident(input: $input) {
    created amended duplicates { reason offender { id name } }
    incident { id rmsNumber version isIntimatePartner narrative offenders { id name dateOfBirth } }
  }
}`;

export type RecordResult = {
  recordIncident: {
    created: boolean;
    amended: boolean;
    duplicates: { reason: string; offender: { id: string; name: string } }[] | null;
    incident: { id: string; rmsNumber: string; version: number | null; isIntimatePartner: boolean; narrative: string | null; offenders: { id: string; name: string; dateOfBirth: string }[] };
  };
};

let serial = 0;
const DAY = 86_400_000;
/** A week ago, so inputs stay in the past whenever the tests run. */
const occurred = new Date(Math.floor(Date.now() / DAY) * DAY - 7 * DAY + 2 * 3600_000);

/** A valid recordIncident input (a unique RMS number unless given), with overrides. */
export function incidentInput(over: Record<string, unknown> = {}): Record<string, unknown> {
  serial++;
  return {
    agencyOri: 'NC0410200',
    rmsNumber: `T-${process.pid}-${serial}`,
    occurredAt: occurred.toISOString(),
    reportedAt: new Date(occurred.getTime() + 25 * 60_000).toISOString(),
    location: '100 Test St, High Point, NC',
    offenses: ['13B'],
    relationshipCode: 'BG',
    arrestMade: true,
    weapon: '40',
    injury: 'M',
    childrenPresent: false,
    narrative: `Test narrative ${serial}: officers responded to a domestic disturbance.`,
    reportingOfficer: 'HP123',
    offender: { name: `Testy Offender${serial}`, dateOfBirth: '1990-04-12' },
    victims: [{ name: `Vera Victim${serial}`, dateOfBirth: '1992-01-05', phone: '(336) 555-0142', address: '100 Test St, High Point, NC', injury: 'M' }],
    charges: [{ statute: '14-33(c)(2)', description: 'Assault on a female', dvRelated: true, felony: false, chargedOn: new Date(occurred.getTime() + DAY).toISOString().slice(0, 10) }],
    ...over,
  };
}

/** Runs SQL on one of a test hub's databases. */
export async function sql<T = Record<string, unknown>>(t: TestHub, db: 'incidents' | 'tiering' | 'victim-services', text: string, params: unknown[] = []): Promise<T[]> {
  const c = new Client({ connectionString: t.databaseUrls[db] });
  await c.connect();
  try {
    return (await c.query(text, params)).rows as T[];
  } finally {
    await c.end();
  }
}

/** Row counts of the incidents tables, to show that a failed write left nothing behind. */
export async function tableCounts(t: TestHub): Promise<Record<string, number>> {
  const tables = ['offender', 'incident', 'incident_offender', 'incident_victim', 'incident_charge', 'lethality_screen', 'incident_version', 'incident_event', 'protective_order'];
  const [row] = await sql<Record<string, number>>(t, 'incidents', `SELECT ${tables.map((x) => `(SELECT count(*)::int FROM ${x}) AS ${x}`).join(', ')}`);
  return row!;
}
