/** The outbox payload of recorded and amended incidents: weapon, charges, victims' phone, protective-order violations. */
import type { IncidentFeedEvent } from '@ipvi/core';
import { codes, ok, startTestHub, type TestHub } from './harness/hub';
import { incidentInput, RECORD, type RecordResult } from './fixtures/incidents';

let t: TestHub;
beforeAll(async () => {
  t = await startTestHub();
});
afterAll(() => t.stop());

type Service = 'SERVICE_TIERING' | 'SERVICE_VICTIM_SERVICES';
const CHARGES = 'charges { statute description dvRelated felony }';
const VICTIMS = 'victims { name phone }';
/**
 * Each service's own part of the feed: charges and the protective-order violation flag (which tells a
 * G.S. 50B-4.1 charge) are tiering's (SERVICE_FEED_CJI), victims victim-services' (VICTIM_POLICE_RECORDED).
 */
const OWN: Record<Service, string> = { SERVICE_TIERING: `protectiveOrderViolation ${CHARGES}`, SERVICE_VICTIM_SERVICES: VICTIMS };

const feed = async (role: Service, extra = OWN[role]) =>
  t.post<{ incidentEvents: { edges: { node: IncidentFeedEvent }[] } }>(
    t.url,
    {
      query: `{ incidentEvents(first: 100) { edges { node { id type incidentId offenseCodes arrestMade weaponInvolved ${extra} } } } }`,
    },
    { authorization: `Bearer ${await t.token(role, { agency: 'IPVI-HUB' })}` },
  );

async function events(role: Service, incidentId: string): Promise<IncidentFeedEvent[]> {
  return ok(await feed(role))
    .incidentEvents.edges.map((e) => e.node)
    .filter((e) => e.incidentId === incidentId);
}

const record = async (input: Record<string, unknown>) => (await t.query<RecordResult>('OFFICER', RECORD, { input })).data!.recordIncident.incident.id;

describe('the incident feed payload', () => {
  it('carries the weapon, the charges to tiering only and the victims phone to victim-services only', async () => {
    const id = await record(
      incidentInput({
        offenses: ['13A'],
        weapon: '12',
        charges: [{ statute: 'G.S. 14-32(a)', description: 'AWDWIKISI', dvRelated: true, felony: true }],
        victims: [{ name: 'Feed Victim', phone: '336.555.0177' }],
      }),
    );
    const event = { type: 'INCIDENT_RECORDED', offenseCodes: ['13A'], weaponInvolved: true };
    expect(await events('SERVICE_VICTIM_SERVICES', id)).toEqual([
      { id: expect.any(String), incidentId: id, arrestMade: true, ...event, victims: [{ name: 'Feed Victim', phone: '+13365550177' }] },
    ]);
    expect(await events('SERVICE_TIERING', id)).toEqual([
      {
        id: expect.any(String),
        incidentId: id,
        arrestMade: true,
        ...event,
        protectiveOrderViolation: false,
        charges: [{ statute: '14-32(a)', description: 'AWDWIKISI', dvRelated: true, felony: true }],
      },
    ]);
    // The other's part: null and one FORBIDDEN per event, the value nowhere.
    for (const [role, other, field, leak] of [
      ['SERVICE_VICTIM_SERVICES', CHARGES, 'charges', 'AWDWIKISI'],
      ['SERVICE_VICTIM_SERVICES', 'protectiveOrderViolation', 'protectiveOrderViolation', '"protectiveOrderViolation":false'],
      ['SERVICE_TIERING', VICTIMS, 'victims', 'Feed Victim'],
    ] as const) {
      const denied = await feed(role, other);
      const nodes = denied.data!.incidentEvents.edges.map((e) => e.node);
      expect(nodes.map((n) => n[field])).toEqual(nodes.map(() => null));
      expect(codes(denied)).toEqual(nodes.map(() => 'FORBIDDEN'));
      expect(denied.text).not.toContain(leak);
    }
  });

  it('does not count hands and feet as a weapon', async () => {
    const [e] = await events('SERVICE_TIERING', await record(incidentInput({ weapon: '40' })));
    expect(e!.weaponInvolved).toBe(false);
  });

  it('writes INCIDENT_AMENDED with the new content, and nothing for an unchanged re-record', async () => {
    const input = incidentInput({ arrestMade: false, charges: [] });
    const id = await record(input);
    await record(input);
    expect((await events('SERVICE_TIERING', id)).map((e) => e.type)).toEqual(['INCIDENT_RECORDED']);
    await record({ ...input, arrestMade: true, charges: [{ statute: '14-33(c)(2)', description: 'Assault on a female', dvRelated: true, felony: false }] });
    const all = await events('SERVICE_TIERING', id);
    expect(all.map((e) => [e.type, e.arrestMade, e.charges?.length])).toEqual([
      ['INCIDENT_RECORDED', false, 0],
      ['INCIDENT_AMENDED', true, 1],
    ]);
    await expect(t.drainFeeds()).resolves.toBeGreaterThan(0);
  });

  it('marks a protective-order violation: a linked order, or 90Z with a G.S. 50B-4.1 charge; not a 90Z alone', async () => {
    const offender = { name: 'Order Restrained', dateOfBirth: '1980-01-01' };
    const order = await t.query('OFFICER', `mutation($input: RecordProtectiveOrderInput!) { recordProtectiveOrder(input: $input) { created } }`, {
      input: {
        agencyOri: 'NC0410200',
        orderNumber: '26CVD000777',
        orderType: 'FINAL',
        issuedOn: '2026-01-05',
        expiresOn: '2027-01-05',
        restrainedOffender: offender,
        protectedParty: { name: 'Order Protected' },
      },
    });
    expect(order.errors).toBeUndefined();
    const linked = await record(
      incidentInput({ offender, offenses: ['90Z'], relationshipCode: 'XR', charges: [], violatedProtectiveOrderNumber: '26CVD000777' }),
    );
    const charged = await record(
      incidentInput({
        offenses: ['90Z'],
        charges: [{ statute: '50B-4.1(a)', description: 'Violation of a valid protective order', dvRelated: true, felony: false }],
      }),
    );
    const bare = await record(incidentInput({ offenses: ['90Z'], charges: [] }));
    for (const [id, expected] of [
      [linked, true],
      [charged, true],
      [bare, false],
    ] as const) {
      expect((await events('SERVICE_TIERING', id))[0]!.protectiveOrderViolation).toBe(expected);
    }
  });
});
