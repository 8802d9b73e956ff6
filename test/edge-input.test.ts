/**
 * Bad input, named (issues 10.2 and 12.2): every refusal is one BAD_USER_INPUT (HTTP 400) whose
 * extensions.field and extensions.problems name each input path and reason, inline literals and
 * variables alike, never the submitted value; request errors are 400 BAD_REQUEST; no "Did you mean".
 */
import { randomUUID } from 'node:crypto';
import { codes, startTestHub, type GraphQLResponse, type TestHub } from './harness/hub';

let t: TestHub;
beforeAll(async () => {
  t = await startTestHub();
});
afterAll(() => t.stop());

const N = '7d1f0c5e-3c2a-4f7e-9d65-0b1e2a3c4d5e';
const DELIVER = `mutation($input: RecordNotificationDeliveryInput!) { recordNotificationDelivery(input: $input) { __typename } }`;
const deliverInline = (fields: string) => `mutation { recordNotificationDelivery(input: { ${fields} }) { __typename } }`;
const OUTCOME_REASON = 'must be one of the values of NotificationOutcome (DELIVERED, REFUSED, NOT_LOCATED, IN_CUSTODY); the closest is DELIVERED';
const DATETIME_REASON = 'must be an ISO-8601 date and time with a zone, e.g. 2026-01-31T22:15:00Z';

/** The parts of a refusal a client reads. */
function refusal(res: GraphQLResponse) {
  const e = res.errors?.[0];
  return { status: res.status, codes: codes(res), message: e?.message, field: e?.extensions?.field, problems: e?.extensions?.problems };
}

describe('a bad value names its field and reason, the same inline and as a variable', () => {
  it('a missing required field', async () => {
    const asVariable = await t.query('OFFICER', DELIVER, { input: { notificationId: N, outcome: 'DELIVERED' } });
    const inline = await t.query('OFFICER', deliverInline(`notificationId: "${N}", outcome: DELIVERED`));
    const expected = {
      status: 400,
      codes: ['BAD_USER_INPUT'],
      message: 'input.deliveredAt: is required',
      field: 'input.deliveredAt',
      problems: [{ field: 'input.deliveredAt', reason: 'is required' }],
    };
    expect(refusal(asVariable)).toEqual(expected);
    expect(refusal(inline)).toEqual(expected);
  });

  it('an enum typo, with the closest allowed value', async () => {
    const asVariable = await t.query('OFFICER', DELIVER, { input: { notificationId: N, deliveredAt: '2026-01-31T22:15:00Z', outcome: 'DELIVERD' } });
    const inline = await t.query('OFFICER', deliverInline(`notificationId: "${N}", deliveredAt: "2026-01-31T22:15:00Z", outcome: DELIVERD`));
    for (const res of [asVariable, inline]) {
      expect(refusal(res)).toEqual({
        status: 400,
        codes: ['BAD_USER_INPUT'],
        message: `input.outcome: ${OUTCOME_REASON}`,
        field: 'input.outcome',
        problems: [{ field: 'input.outcome', reason: OUTCOME_REASON }],
      });
      expect(res.text).not.toContain('DELIVERD');
      expect(res.text).not.toContain('Did you mean');
    }
  });

  it('a date that is not on the calendar (inline it was an INTERNAL_SERVER_ERROR)', async () => {
    const asVariable = await t.query('OFFICER', DELIVER, { input: { notificationId: N, deliveredAt: '2026-02-30T10:00:00Z', outcome: 'DELIVERED' } });
    const inline = await t.query('OFFICER', deliverInline(`notificationId: "${N}", deliveredAt: "2026-02-30T10:00:00Z", outcome: DELIVERED`));
    for (const res of [asVariable, inline]) {
      expect(refusal(res)).toMatchObject({
        status: 400,
        codes: ['BAD_USER_INPUT'],
        message: `input.deliveredAt: ${DATETIME_REASON}`,
        field: 'input.deliveredAt',
      });
      expect(res.text).not.toContain('2026-02-30');
    }
  });

  it('several problems in one answer, in input order', async () => {
    const res = await t.query('OFFICER', DELIVER, { input: { notificationId: 'not-a-uuid', outcome: 'LOST', bogus: 'x' } });
    expect(refusal(res)).toEqual({
      status: 400,
      codes: ['BAD_USER_INPUT'],
      message: `input.notificationId: must be a UUID; input.deliveredAt: is required; input.outcome: must be one of the values of NotificationOutcome (DELIVERED, REFUSED, NOT_LOCATED, IN_CUSTODY); input.bogus: is not a field of RecordNotificationDeliveryInput`,
      field: 'input.notificationId',
      problems: [
        { field: 'input.notificationId', reason: 'must be a UUID' },
        { field: 'input.deliveredAt', reason: 'is required' },
        { field: 'input.outcome', reason: 'must be one of the values of NotificationOutcome (DELIVERED, REFUSED, NOT_LOCATED, IN_CUSTODY)' },
        { field: 'input.bogus', reason: 'is not a field of RecordNotificationDeliveryInput' },
      ],
    });
    expect(res.text).not.toContain('not-a-uuid');
  });

  it('a value of the wrong type, and an argument path through a renamed variable', async () => {
    const res = await t.query('OFFICER', `query($n: Int) { offenders(first: $n) { totalCount } }`, { n: 'Jane Q. Victim' });
    expect(refusal(res)).toMatchObject({ status: 400, message: 'first: must be an integer', field: 'first' });
    expect(res.text).not.toContain('Jane');
  });

  it('a page size out of range, inline and as a variable', async () => {
    const inline = await t.query('OFFICER', `{ offenders(first: 101) { totalCount } }`);
    const asVariable = await t.query('OFFICER', `query($n: Int) { offenders(first: $n) { totalCount } }`, { n: 5000 });
    for (const res of [inline, asVariable]) expect(refusal(res)).toMatchObject({ status: 400, message: 'first: must be between 0 and 100', field: 'first' });
  });
});

describe('ids, text and cursors are checked before they reach a database', () => {
  it('an ID that is not a UUID', async () => {
    const res = await t.query('OFFICER', `query($id: ID!) { incident(id: $id) { id } }`, { id: "x' OR 1=1 --" });
    expect(refusal(res)).toMatchObject({ status: 400, codes: ['BAD_USER_INPUT'], message: 'id: must be a UUID', field: 'id' });
    expect(res.text).not.toContain('OR 1=1');
  });

  it('a NUL character in any string, inline or as a variable', async () => {
    const asVariable = await t.query('OFFICER', `query($s: String) { offenders(search: $s) { totalCount } }`, { s: 'zq\u0000name' });
    const inline = await t.query('OFFICER', `{ offenders(search: "zq\\u0000name") { totalCount } }`);
    for (const res of [asVariable, inline]) {
      expect(refusal(res)).toMatchObject({ status: 400, message: 'search: must not contain a NUL character', field: 'search' });
      expect(res.text).not.toContain('zq');
    }
  });

  it.each([
    ['incidents', 'an instant and id holding text', ['zz', 'yy']],
    ['incidents', 'too few parts', ['2026-01-01T00:00:00.000Z']],
    ['offenders', 'a name and a non-UUID', ['jane doe', 42]],
    ['offenders', 'a NUL in the name', ['jane\u0000', randomUUID()]],
    ['incidentsAuditEvents', 'a sequence holding text', ['jane doe']],
    ['notificationQueue', 'an instant that is not one', ['2026-13-45T99:00:00Z', randomUUID()]],
  ])('a forged but decodable cursor (%s: %s) is BAD_USER_INPUT on after', async (list, _what, key) => {
    const after = Buffer.from(JSON.stringify(key)).toString('base64url');
    const res = await t.query(
      list === 'incidentsAuditEvents' ? 'AUDITOR' : 'OFFICER',
      `query($after: String) { ${list}(first: 5, after: $after) { totalCount } }`,
      { after },
    );
    expect(codes(res)).toEqual(['BAD_USER_INPUT']);
    expect(res.errors![0]).toMatchObject({ message: 'after: is not a cursor returned by this list', extensions: { field: 'after' } });
    expect(res.text).not.toContain('jane');
  });

  it('a cursor the list returned still pages', async () => {
    const first = await t.query<{ incidentsAuditEvents: { pageInfo: { endCursor: string | null } } }>(
      'AUDITOR',
      `{ incidentsAuditEvents(first: 1) { pageInfo { endCursor } } }`,
    );
    const after = first.data!.incidentsAuditEvents.pageInfo.endCursor;
    expect(after).toBeTruthy();
    const next = await t.query('AUDITOR', `query($after: String) { incidentsAuditEvents(first: 1, after: $after) { totalCount } }`, { after });
    expect(next.errors).toBeUndefined();
  });
});

describe('request errors', () => {
  it('an operationName that is not in the document is 400 BAD_REQUEST and is not repeated', async () => {
    const res = await t.post(t.url, { query: 'query A { __typename }', operationName: 'Zqjane' }, { authorization: `Bearer ${await t.token('OFFICER')}` });
    expect(refusal(res)).toMatchObject({ status: 400, codes: ['BAD_REQUEST'], message: 'The operationName does not name an operation of the document.' });
    expect(res.text).not.toContain('Zqjane');
  });

  it('two anonymous operations are 400 BAD_REQUEST', async () => {
    const res = await t.query('OFFICER', '{ __typename } { __typename }');
    expect(refusal(res)).toMatchObject({
      status: 400,
      codes: ['BAD_REQUEST', 'BAD_REQUEST'],
      message: 'This anonymous operation must be the only defined operation.',
    });
  });

  it('two named operations without an operationName are 400 BAD_REQUEST', async () => {
    const res = await t.query('OFFICER', 'query A { __typename } query B { __typename }');
    expect(refusal(res)).toMatchObject({
      status: 400,
      codes: ['BAD_REQUEST'],
      message: 'The document holds several operations: name the one to run in operationName.',
    });
  });

  it('an unknown field gets no suggestion', async () => {
    const res = await t.query('OFFICER', '{ incidnts { totalCount } }');
    expect(res.status).toBe(400);
    expect(res.errors![0]!.message).toBe('Cannot query field "incidnts" on type "Query".');
    expect(res.text).not.toMatch(/did you mean/i);
  });

  it('introspection is refused outside development mode', async () => {
    const res = await t.query('AUDITOR', '{ __schema { types { name } } }');
    expect(res.status).toBe(400);
    expect(codes(res)).toEqual(['GRAPHQL_VALIDATION_FAILED']);
    expect(res.text).not.toContain('OffenderConnection');
  });
});
