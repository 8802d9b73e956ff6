/** Client errors that a subgraph (or the gateway) finds in variables reach the client as such, without the submitted value. */
import { DEMO_POLICE_ORI, INTERNAL_IDENTITY_HEADER, internalSignerFor } from '@ipvi/core';
import { codes, startTestHub, type TestHub } from './harness/hub';

let t: TestHub;
beforeAll(async () => {
  t = await startTestHub();
});
afterAll(() => t.stop());

const DELIVER = `mutation($input: RecordNotificationDeliveryInput!) { recordNotificationDelivery(input: $input) { notification { id } } }`;

describe('a bad variable', () => {
  it('that is not a calendar date is BAD_USER_INPUT naming the input path, and the value appears nowhere', async () => {
    const res = await t.query('OFFICER', DELIVER, {
      input: { notificationId: '00000000-0000-4000-8000-000000000001', deliveredAt: '2026-02-30T10:00:00Z', outcome: 'DELIVERED' },
    });
    expect(codes(res)).toEqual(['BAD_USER_INPUT']);
    expect(res.errors![0]!.extensions!.field).toBe('input.deliveredAt');
    expect(res.text).not.toContain('2026-02-30');
  });

  it('of the wrong type is BAD_USER_INPUT without the value, even when the gateway itself refuses it', async () => {
    const res = await t.query('OFFICER', 'query($id: ID!) { incident(id: $id) { id } }', { id: { name: 'Jane Q. Victim' } });
    expect(codes(res)).toEqual(['BAD_USER_INPUT']);
    expect(res.text).not.toContain('Jane');
  });
});

describe('a subgraph checks its input the same way (behind the gateway, in depth)', () => {
  const direct = async (body: Record<string, unknown>) => {
    const signer = await internalSignerFor(t.config);
    const identity = await signer.tokenFor({ sub: 'officer-1', roles: ['OFFICER'], agency: DEMO_POLICE_ORI, scope: [] }, 'incidents');
    return t.post(t.hub.services.incidents.server.url, body, { [INTERNAL_IDENTITY_HEADER]: identity });
  };

  it('answers a bad variable with a 400 BAD_USER_INPUT naming each problem, never the value', async () => {
    const res = await direct({
      query: 'query($id: ID!, $s: String) { incident(id: $id) { id } offenders(search: $s) { totalCount } }',
      variables: { id: 'Jane Q. Victim', s: 'Jane\u0000' },
    });
    expect(res.status).toBe(400);
    expect(res.errors![0]).toMatchObject({
      message: 'id: must be a UUID; search: must not contain a NUL character',
      extensions: {
        code: 'BAD_USER_INPUT',
        field: 'id',
        problems: [
          { field: 'id', reason: 'must be a UUID' },
          { field: 'search', reason: 'must not contain a NUL character' },
        ],
      },
    });
    expect(res.text).not.toContain('Jane');
  });

  it('answers an operationName that is not in the document with 400 BAD_REQUEST, and suggests no fields', async () => {
    const unknown = await direct({ query: 'query A { __typename }', operationName: 'B' });
    expect(unknown.status).toBe(400);
    expect(codes(unknown)).toEqual(['BAD_REQUEST']);
    const typo = await direct({ query: '{ incidnts { totalCount } }' });
    expect(typo.status).toBe(400);
    expect(typo.text).not.toMatch(/did you mean/i);
  });
});
