/**
 * Query limits at the gateway, before planning (issue 12.1): depth, aliases, directives, tokens, a
 * cost model that knows `first`, the answer's size and a rate per subject. A refusal names the limit,
 * never its number. Internal gateway-to-subgraph calls are not bound by the client body limit.
 */
import { randomUUID } from 'node:crypto';
import { getIntrospectionQuery } from 'graphql';
import { INTERNAL_IDENTITY_HEADER, clientVerifierFor, createLogger, internalSignerFor, type HubMode, type RunningServer, type ServiceName } from '@ipvi/core';
import { DEFAULT_LIMITS, startGateway, type QueryLimits } from '@ipvi/gateway';
import { codes, ok, startTestHub, type GraphQLResponse, type TestHub } from './harness/hub';

let t: TestHub;
beforeAll(async () => {
  t = await startTestHub({ seed: true });
});
afterAll(() => t.stop());

/** A second gateway over the same subgraphs, with some limits set low. */
async function gatewayWith(limits: Partial<QueryLimits>, mode: HubMode = 'test'): Promise<RunningServer> {
  const subgraphUrls = Object.fromEntries(Object.entries(t.hub.services).map(([n, s]) => [n, s.server.url])) as Record<ServiceName, string>;
  return startGateway(
    {
      config: { ...t.config, mode },
      log: createLogger('silent'),
      clientVerifier: await clientVerifierFor(t.config),
      signer: await internalSignerFor(t.config),
      subgraphUrls,
      limits,
    },
    0,
  );
}

async function asOfficer(url: string, query: string, sub = 'officer-1'): Promise<GraphQLResponse> {
  return t.post(url, { query }, { authorization: `Bearer ${await t.token('OFFICER', { sub })}` });
}

/** A refusal for a limit: 400, LIMIT_EXCEEDED naming the limit, and no number in the message. */
function expectLimit(res: GraphQLResponse, limit: string): void {
  expect(res.status).toBe(400);
  expect(codes(res)).toEqual(['LIMIT_EXCEEDED']);
  expect(res.errors![0]!.extensions!.limit).toBe(limit);
  expect(res.errors![0]!.message).not.toMatch(/\d/);
}

const nest = (levels: number): string => {
  let q = '{ id }';
  for (let i = 0; i < levels; i++) q = i % 2 === 0 ? `{ offenders { id incidents(first: 1) { edges { node ${q} } } } }` : q;
  return `{ offenders(first: 1) { edges { node { incidents(first: 1) { edges { node ${q} } } } } } }`;
};

describe('refused before planning, naming the limit and not its number', () => {
  it('depth: offenders -> incidents -> offenders ten levels deep (it ran 64 s) is refused at once', async () => {
    const started = Date.now();
    const res = await t.query('OFFICER', nest(10));
    expectLimit(res, 'depth');
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('aliases', async () => {
    const aliases = Array.from({ length: DEFAULT_LIMITS.maxAliases + 1 }, (_, i) => `a${i}: __typename`).join(' ');
    expectLimit(await t.query('OFFICER', `{ ${aliases} }`), 'aliases');
  });

  it('directives', async () => {
    const fields = Array.from({ length: DEFAULT_LIMITS.maxDirectives + 1 }, () => `__typename @include(if: true)`).join(' ');
    expectLimit(await t.query('OFFICER', `{ ${fields} }`), 'directives');
  });

  it('tokens', async () => {
    const fields = Array.from({ length: DEFAULT_LIMITS.maxTokens }, () => '__typename').join(' ');
    expectLimit(await t.query('OFFICER', `{ ${fields} }`), 'tokens');
  });

  it('cost: a page of 100 under a page of 100 under a page of 100', async () => {
    const res = await t.query(
      'OFFICER',
      `{ offenders(first: 100) { edges { node { incidents(first: 100) { edges { node { offenders { incidents(first: 100) { totalCount } } } } } } } } }`,
    );
    expectLimit(res, 'cost');
  });

  it('cost counts a variable page size: twenty aliases of a list of letters', async () => {
    const aliased = Array.from({ length: 20 }, (_, i) => `q${i}: notificationQueue(first: $n) { edges { node { id letter { html } } } }`).join(' ');
    const nested = `offenders(first: $n) { edges { node { incidents(first: $n) { edges { node { offenders { incidents(first: $n) { totalCount } } } } } } } }`;
    const res = await t.post(
      t.url,
      { query: `query($n: Int) { ${aliased} ${nested} }`, variables: { n: 100 } },
      { authorization: `Bearer ${await t.token('OFFICER')}` },
    );
    expectLimit(res, 'cost');
  });

  it("a letter's PDF is never rendered inside a list: refused before planning, naming the field, however it is spelled", async () => {
    for (const query of [
      '{ notificationQueue(first: 2) { edges { node { id letter { pdfBase64 } } } } }',
      '{ notificationQueue(first: 2) { edges { node { ...N } } } } fragment N on Notification { letter { ... on NotificationLetter { pdfBase64 } } }',
      '{ offenders(first: 1) { edges { node { notifications { letter { pdfBase64 } } } } } }',
    ]) {
      const res = await t.query('COORDINATOR', query);
      expect(res.status).toBe(400);
      expect(codes(res)).toEqual(['BAD_USER_INPUT']);
      expect(res.errors![0]!.extensions!.field).toBe('NotificationLetter.pdfBase64');
      expect(res.data ?? null).toBeNull();
    }
    // One notification's letter, by id, is what the field is for: the same selection there validates (no BAD_USER_INPUT).
    const one = await t.query('COORDINATOR', 'query($id: ID!) { notification(id: $id) { letter { pdfBase64 } } }', {
      id: '00000000-0000-4000-8000-000000000000',
    });
    expect(codes(one)).not.toContain('BAD_USER_INPUT');
  });

  it('the same shapes at sizes a front-end uses still run', async () => {
    const res = await t.query(
      'OFFICER',
      `{ offenders(first: 50) { edges { node { id name tier { level } incidents(first: 20) { edges { node { id occurredAt } } } } } } }`,
    );
    expect(res.status).toBe(200);
    ok(res);
  });
});

describe('the answer and the subject', () => {
  let small: RunningServer;
  beforeAll(async () => {
    small = await gatewayWith({ maxResponseBytes: 2_000, rate: { burst: 3, perSecond: 0.01 } });
  });
  afterAll(() => small.close());

  it('an answer over the size cap is replaced by one LIMIT_EXCEEDED', async () => {
    const res = await asOfficer(small.url, `{ offenders(first: 100) { edges { node { id name } } } }`, 'size-probe');
    expectLimit(res, 'responseSize');
    expect(res.data).toBeUndefined();
    expect(res.text.length).toBeLessThan(1000);
  });

  it('a subject over its rate gets 429 RATE_LIMITED; another subject is not slowed', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) statuses.push((await asOfficer(small.url, '{ __typename }', 'busy-officer')).status);
    expect(statuses).toEqual([200, 200, 200, 429]);
    const refused = await asOfficer(small.url, '{ __typename }', 'busy-officer');
    expect(codes(refused)).toEqual(['RATE_LIMITED']);
    expect(refused.errors![0]!.message).not.toMatch(/\d/);
    expect((await asOfficer(small.url, '{ __typename }', 'quiet-officer')).status).toBe(200);
  });
});

describe('body limits', () => {
  it("a subgraph takes the gateway's large internal calls", async () => {
    const signer = await internalSignerFor(t.config);
    const identity = await signer.tokenFor({ sub: 'gateway-probe', roles: ['OFFICER'], agency: 'NC0410200', scope: [] }, 'incidents');
    // An entity fetch of 12,000 representations, about 2 MB: more items and bytes than a client may send.
    const r = Array.from({ length: 12_000 }, () => ({ __typename: 'Offender', id: randomUUID(), note: 'x'.repeat(100) }));
    const res = await t.post(
      t.hub.services.incidents.server.url,
      { query: 'query($r: [_Any!]!) { _entities(representations: $r) { __typename } }', variables: { r } },
      { [INTERNAL_IDENTITY_HEADER]: identity },
    );
    expect(res.status).toBe(200);
    expect((res.data as { _entities: unknown[] })._entities).toHaveLength(12_000);
  });

  it('the gateway still refuses a client body over its limit', async () => {
    const res = await t.post(
      t.url,
      { query: 'query($pad: String) { __typename }', variables: { pad: 'x'.repeat(2_000_000) } },
      { authorization: `Bearer ${await t.token('OFFICER')}` },
    );
    expect(res.status).toBe(413);
  });
});

describe('introspection and the landing page', () => {
  const INTROSPECT = '{ __schema { queryType { name } } }';

  it('are served in development mode only', async () => {
    const dev = await gatewayWith({}, 'development');
    const prod = await gatewayWith({}, 'production');
    try {
      expect((await asOfficer(dev.url, INTROSPECT)).data).toEqual({ __schema: { queryType: { name: 'Query' } } });
      // the full introspection query of the tools (deep, long) is not caught by the query limits
      const full = await asOfficer(dev.url, getIntrospectionQuery());
      expect(full.errors).toBeUndefined();
      const refused = await asOfficer(prod.url, INTROSPECT);
      expect(refused.status).toBe(400);
      expect(refused.text).not.toContain('queryType":{');
      const page = async (url: string) => (await fetch(url, { headers: { accept: 'text/html', authorization: `Bearer ${await t.token('OFFICER')}` } })).text();
      expect(await page(dev.url)).toMatch(/<html/i);
      expect(await page(prod.url)).not.toMatch(/<html/i);
    } finally {
      await Promise.all([dev.close(), prod.close()]);
    }
  });
});
