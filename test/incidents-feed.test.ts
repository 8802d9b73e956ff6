/** The outbox payload of recorded and amended incidents: weapon, charges, victims' phone, protective-order violations. */
import type { IncidentFeedEvent } from '@ipvi/core';
import { startTestHub, type TestHub } from './harness/hub';
import { incidentInput, RECORD, type RecordResult } from './fixtures/incidents';

let t: TestHub;
beforeAll(async () => {
  t = await startTestHub();
});
afterAll(() => t.stop());

const FEED = `{ incidentEvents(first: 100) { edges { node {
  id type incidentId offenseCodes arrestMade weaponInvolved protectiveOrderViolation charges { statute description dvRelated felony } victims { name phone }
} } } }`;

async function events(role: 'SERVICE_VICTIM_SERVICES' | 'SERVICE_TIERING', incidentId: string): Promise<IncidentFeedEvent[]> {
  const res = await t.post<{ incidentEvents: { edges: { node: IncidentFeedEvent }[] } }>(t.url, { query: FEED }, {
    authorization: `Bearer ${await t.token(role, { agency: 'IPVI-HUB' })}`,
  });
  return res.data!.incidentEvents.edges.map((e) => e.node).filter((e) => e.incidentId === incidentId);
}

const record = async (input: Record<string, unknown>) => (await t.query<RecordResult>('OFFICER', RECORD, { input })).data!.recordIncident.incident.id;

describe('the incident feed payload', () => {
  it('carries the weapon, the charges and the victims phone (victims to victim-services only)', async () => {
    const id = await record(incidentInput({
      offenses: ['13A'], weapon: '12',
      charges: [{ statute: 'G.S. 14-32(a)', description: 'AWDWIKISI', dvRelated: true, felony: true }],
      victims: [{ name: 'Feed Victim', phone: '336.555.0177' }],
    }));
    const [vs] = await events('SERVICE_VICTIM_SERVICES', id);
    expect(vs).toMatchObject({
      type: 'INCIDENT_RECORDED', offenseCodes: ['13A'], weaponInvolved: true, protectiveOrderViolation: false,
      charges: [{ statute: '14-32(a)', description: 'AWDWIKISI', dvRelated: true, felony: true }],
      victims: [{ name: 'Feed Victim', phone: '+13365550177' }],
    });
    const [tiering] = await events('SERVICE_TIERING', id);
    expect(tiering).toMatchObject({ charges: [{ felony: true }], victims: null });
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
    expect(all.map((e) => [e.type, e.arrestMade, e.charges?.length])).toEqual([['INCIDENT_RECORDED', false, 0], ['INCIDENT_AMENDED', true, 1]]);
    await expect(t.drainFeeds()).resolves.toBeGreaterThan(0);
  });

  it('marks a protective-order violation: a linked order, or 90Z with a G.S. 50B-4.1 charge; not a 90Z alone', async () => {
    const offender = { name: 'Order Restrained', dateOfBirth: '1980-01-01' };
    const order = await t.query('OFFICER', `mutation($input: RecordProtectiveOrderInput!) { recordProtectiveOrder(input: $input) { created } }`, {
      input: { agencyOri: 'NC0410200', orderNumber: '26CVD000777', orderType: 'FINAL', issuedOn: '2026-01-05', expiresOn: '2027-01-05', restrainedOffender: offender, protectedParty: { name: 'Order Protected' } },
    });
    expect(order.errors).toBeUndefined();
    const linked = await record(incidentInput({ offender, offenses: ['90Z'], relationshipCode: 'XR', charges: [], violatedProtectiveOrderNumber: '26CVD000777' }));
    const charged = await record(incidentInput({ offenses: ['90Z'], charges: [{ statute: '50B-4.1(a)', description: 'Violation of a valid protective order', dvRelated: true, felony: false }] }));
    const bare = await record(incidentInput({ offenses: ['90Z'], charges: [] }));
    for (const [id, expected] of [[linked, true], [charged, true], [bare, false]] as const) {
      expect((await events('SERVICE_TIERING', id))[0]!.protectiveOrderViolation).toBe(expected);
    }
  });
});
