/** Offender matching and duplicates, protective orders, and lethality screens, through the gateway. */
import { randomUUID } from 'node:crypto';
import { codes, startTestHub, type TestHub } from './harness/hub';
import { incidentInput, RECORD, type RecordResult } from './fixtures/incidents';

let t: TestHub;
beforeAll(async () => {
  t = await startTestHub();
});
afterAll(() => t.stop());

const record = (input: Record<string, unknown>) => t.query<RecordResult>('OFFICER', RECORD, { input });
const recorded = async (input: Record<string, unknown>) => (await record(input)).data!.recordIncident;

describe('offender matching', () => {
  it('reuses the exact match (normalized name, same date of birth) and reports likely duplicates without merging', async () => {
    const dana = (await recorded(incidentInput({ offender: { name: 'Dana Q. Whitfield', dateOfBirth: '1985-01-01', aliases: ['Dee Whitfield'] } }))).incident
      .offenders[0]!;
    const same = await recorded(incidentInput({ offender: { name: 'WHITFIELD, Dana Q.', dateOfBirth: '1985-01-01' } }));
    expect(same.incident.offenders[0]!.id).toBe(dana.id);
    expect(same.duplicates).toEqual([]);

    const cases = [
      [{ name: 'Dana Q. Whitfield', dateOfBirth: '1985-02-01' }, 'SAME_NAME_DIFFERENT_DOB'],
      [{ name: 'Dana Q Whitfeld', dateOfBirth: '1985-01-01' }, 'SIMILAR_NAME_SAME_DOB'],
      [{ name: 'Dee Whitfield', dateOfBirth: '1970-07-07' }, 'ALIAS_MATCH'],
    ] as const;
    for (const [offender, reason] of cases) {
      const r = await recorded(incidentInput({ offender }));
      expect(r.incident.offenders[0]!.id).not.toBe(dana.id);
      expect(r.duplicates).toContainEqual({ reason, offender: { id: dana.id, name: 'Dana Q. Whitfield' } });
    }
  });

  it('takes an explicit offender id, and names input.offender.id when it is unknown', async () => {
    const first = (await recorded(incidentInput())).incident.offenders[0]!;
    const byId = await recorded(incidentInput({ offender: { id: first.id } }));
    expect(byId.incident.offenders).toEqual([first]);
    const unknown = await record(incidentInput({ offender: { id: randomUUID() } }));
    expect(unknown.errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.offender.id' });
  });
});

describe('protective orders', () => {
  const ORDER = `mutation($input: RecordProtectiveOrderInput!) { recordProtectiveOrder(input: $input) {
    created protectiveOrder { id orderNumber inForce protectedPartyName restrainedOffender { id } violations { id } } } }`;
  type Order = {
    recordProtectiveOrder: {
      created: boolean;
      protectiveOrder: { id: string; inForce: boolean; restrainedOffender: { id: string }; violations: { id: string }[] };
    };
  };
  const restrained = { name: 'Rory Restrained', dateOfBirth: '1979-09-09' };
  const order = (over: Record<string, unknown> = {}) => ({
    agencyOri: 'NC0410200',
    orderNumber: '26CVD001234',
    orderType: 'FINAL',
    court: 'Guilford County District Court',
    issuedOn: '2026-01-10',
    expiresOn: '2099-01-10',
    restrainedOffender: restrained,
    protectedParty: { name: 'Pat Protected', dateOfBirth: '1981-03-03' },
    ...over,
  });

  it('records an order idempotently, links violations, and marks incidents while it is in force', async () => {
    const first = await t.query<Order>('OFFICER', ORDER, { input: order() });
    expect(first.data!.recordProtectiveOrder).toMatchObject({ created: true, protectiveOrder: { inForce: true, violations: [] } });
    const again = await t.query<Order>('OFFICER', ORDER, { input: order() });
    expect(again.data!.recordProtectiveOrder.created).toBe(false);
    expect(again.data!.recordProtectiveOrder.protectiveOrder.id).toBe(first.data!.recordProtectiveOrder.protectiveOrder.id);

    const violation = await recorded(incidentInput({ offender: restrained, offenses: ['90Z'], charges: [], violatedProtectiveOrderNumber: '26CVD001234' }));
    const res = await t.query<{
      offender: {
        protectiveOrders: { orderNumber: string; violations: { id: string }[] }[];
        incidents: { edges: { node: { protectiveOrderInForce: boolean; protectiveOrderViolation: boolean } }[] };
      };
    }>(
      'OFFICER',
      'query($id: ID!) { offender(id: $id) { protectiveOrders { orderNumber violations { id } } incidents { edges { node { protectiveOrderInForce protectiveOrderViolation } } } } }',
      { id: first.data!.recordProtectiveOrder.protectiveOrder.restrainedOffender.id },
    );
    expect(res.data!.offender.protectiveOrders).toEqual([{ orderNumber: '26CVD001234', violations: [{ id: violation.incident.id }] }]);
    expect(res.data!.offender.incidents.edges[0]!.node).toEqual({ protectiveOrderInForce: true, protectiveOrderViolation: true });
  });

  it('names the bad field: an expiry before issue, an unknown order number on an incident', async () => {
    const bad = await t.query('OFFICER', ORDER, { input: order({ orderNumber: '26CVD009999', expiresOn: '2025-01-01' }) });
    expect(bad.errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.expiresOn' });
    const unknown = await record(incidentInput({ offenses: ['90Z'], charges: [], violatedProtectiveOrderNumber: 'NO-SUCH-ORDER' }));
    expect(unknown.errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.violatedProtectiveOrderNumber' });
  });
});

describe('lethality screens', () => {
  const SCREEN = `mutation($input: RecordLethalityScreenInput!) { recordLethalityScreen(input: $input) {
    created amended incident { version lethalityScreen { result screenedIn threatenedToKill spokeWithHotline } } } }`;
  type Screen = {
    recordLethalityScreen: { created: boolean; amended: boolean; incident: { version: number; lethalityScreen: { result: string; screenedIn: boolean } } };
  };
  const no3 = { usedWeapon: false, threatenedToKill: false, thinksMightKill: false };

  it('screens in by protocol, by 4 of questions 4-11, or by officer belief; versions the incident', async () => {
    const input = incidentInput();
    const { id } = (await recorded(input)).incident;
    const first = await t.query<Screen>('OFFICER', SCREEN, { input: { incidentId: id, screen: { ...no3, hasGun: true, choked: true, separated: true } } });
    expect(first.data!.recordLethalityScreen).toMatchObject({
      created: true,
      amended: true,
      incident: { version: 2, lethalityScreen: { result: 'NOT_SCREENED_IN', screenedIn: false } },
    });
    const four = await t.query<Screen>('OFFICER', SCREEN, {
      input: { incidentId: id, screen: { ...no3, hasGun: true, choked: true, separated: true, stalks: true, spokeWithHotline: true } },
    });
    expect(four.data!.recordLethalityScreen).toMatchObject({
      created: false,
      incident: { version: 3, lethalityScreen: { result: 'PROTOCOL', screenedIn: true } },
    });
    const belief = await t.query<Screen>('OFFICER', SCREEN, { input: { incidentId: id, screen: { declined: true, officerBelief: true } } });
    expect(belief.data!.recordLethalityScreen.incident.lethalityScreen).toMatchObject({ result: 'OFFICER_BELIEF', screenedIn: true });
    const kept = await recorded(input);
    expect(kept).toMatchObject({ created: false, amended: false });
  });

  it('rejects answers on a declined screen, naming the question', async () => {
    const { id } = (await recorded(incidentInput())).incident;
    const res = await t.query('OFFICER', SCREEN, { input: { incidentId: id, screen: { declined: true, hasGun: true } } });
    expect(codes(res)).toEqual(['BAD_USER_INPUT']);
    expect(res.errors![0]!.extensions!.field).toBe('input.screen.hasGun');
  });
});
