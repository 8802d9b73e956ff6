/** Client errors that a subgraph finds in variables reach the client as such, without the submitted value. */
import { codes, startTestHub, type TestHub } from './harness/hub';

let t: TestHub;
beforeAll(async () => {
  t = await startTestHub();
});
afterAll(() => t.stop());

const DELIVER = `mutation($input: RecordNotificationDeliveryInput!) { recordNotificationDelivery(input: $input) { notification { id } } }`;

describe('a bad variable', () => {
  it('that is not a calendar date is BAD_USER_INPUT naming the input path, and the value appears nowhere', async () => {
    const res = await t.query('OFFICER', DELIVER, { input: { notificationId: '00000000-0000-4000-8000-000000000001', deliveredAt: '2026-02-30T10:00:00Z', outcome: 'DELIVERED' } });
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
