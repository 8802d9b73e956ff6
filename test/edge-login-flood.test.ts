/**
 * The failed-login flood (issue 12.1): one client address sending bad or forged tokens is limited
 * per address, before the gateway spends a signature check on them, and answered 429 without the
 * limit's number. Other addresses, and tokens the gateway already admitted, are not affected.
 */
import http from 'node:http';
import { ClientTokenVerifier, clientVerifierFor, createLogger, internalSignerFor, type HubMode, type RunningServer, type ServiceName } from '@ipvi/core';
import { DEFAULT_LIMITS, startGateway, type QueryLimits } from '@ipvi/gateway';
import { startTestHub, type TestHub } from './harness/hub';

let t: TestHub;
beforeAll(async () => {
  t = await startTestHub({ seed: false });
});
afterAll(() => t.stop());

const gateways: RunningServer[] = [];
afterEach(async () => {
  await Promise.all(gateways.splice(0).map((g) => g.close(1000)));
});

/** A second gateway over the same subgraphs, counting the signature checks its verifier makes. */
async function gatewayWith(limits: Partial<QueryLimits>, mode: HubMode = 'test'): Promise<{ url: string; verified: () => number }> {
  const subgraphUrls = Object.fromEntries(Object.entries(t.hub.services).map(([n, s]) => [n, s.server.url])) as Record<ServiceName, string>;
  const inner = await clientVerifierFor(t.config);
  let checks = 0;
  const counting = Object.create(ClientTokenVerifier.prototype) as ClientTokenVerifier;
  counting.verify = (authorization) => {
    checks++;
    return inner.verify(authorization);
  };
  const gateway = await startGateway(
    { config: { ...t.config, mode }, log: createLogger('silent'), clientVerifier: counting, signer: await internalSignerFor(t.config), subgraphUrls, limits },
    0,
  );
  gateways.push(gateway);
  return { url: gateway.url, verified: () => checks };
}

/** POSTs a query from a given local address (the whole of 127.0.0.0/8 reaches the gateway). */
function postFrom(
  url: string,
  authorization: string,
  localAddress = '127.0.0.1',
): Promise<{ status: number; body: { errors?: { message: string; extensions?: Record<string, unknown> }[] } }> {
  const body = JSON.stringify({ query: '{ __typename }' });
  return new Promise((resolve, reject) => {
    const req = http.request(
      url,
      { method: 'POST', localAddress, agent: false, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), authorization } },
      (res) => {
        let text = '';
        res.on('data', (d: Buffer) => (text += d.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(text) as never }));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

/** A token that decodes but whose signature is not the identity provider's. */
async function forged(): Promise<string> {
  const [h, p] = (await t.token('OFFICER')).split('.');
  return `Bearer ${h}.${p}.${Buffer.alloc(64, 7).toString('base64url')}`;
}

describe('a flood of bad tokens from one address', () => {
  it('is answered 429 after its budget, before any signature check, without the number', async () => {
    const g = await gatewayWith({ authFailureRate: { burst: 5, perSecond: 0.01 } });
    const bad = await forged();
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) statuses.push((await postFrom(g.url, bad)).status);
    expect(statuses).toEqual([401, 401, 401, 401, 401]);
    const checksBefore = g.verified();
    expect(checksBefore).toBe(5);
    for (let i = 0; i < 20; i++) {
      const res = await postFrom(g.url, i % 2 ? bad : 'Bearer not.a-token.at-all');
      expect(res.status).toBe(429);
      expect(res.body.errors?.[0]?.extensions?.code).toBe('RATE_LIMITED');
      expect(res.body.errors?.[0]?.message).not.toMatch(/\d/);
    }
    // None of the refused requests cost a signature check.
    expect(g.verified()).toBe(checksBefore);
  });

  it('spares other addresses and tokens already admitted; refuses a new one from the flooded address', async () => {
    const g = await gatewayWith({ authFailureRate: { burst: 3, perSecond: 0.01 } });
    const admitted = `Bearer ${await t.token('OFFICER', { sub: 'flood-known' })}`;
    expect((await postFrom(g.url, admitted)).status).toBe(200);
    const bad = await forged();
    for (let i = 0; i < 3; i++) expect((await postFrom(g.url, bad)).status).toBe(401);
    expect((await postFrom(g.url, bad)).status).toBe(429);
    // The token this gateway verified before the flood still passes from the flooded address.
    expect((await postFrom(g.url, admitted)).status).toBe(200);
    // A new valid token from the flooded address waits like the flood (it would cost a signature check).
    expect((await postFrom(g.url, `Bearer ${await t.token('OFFICER', { sub: 'flood-new' })}`)).status).toBe(429);
    // Another address is still checked and answered as usual.
    expect((await postFrom(g.url, bad, '127.0.0.2')).status).toBe(401);
    expect((await postFrom(g.url, `Bearer ${await t.token('OFFICER', { sub: 'flood-other' })}`, '127.0.0.2')).status).toBe(200);
  });

  it('refills with time', async () => {
    const g = await gatewayWith({ authFailureRate: { burst: 1, perSecond: 0.4 } });
    const bad = await forged();
    expect((await postFrom(g.url, bad)).status).toBe(401);
    expect((await postFrom(g.url, bad)).status).toBe(429);
    await new Promise((r) => setTimeout(r, 2600));
    expect((await postFrom(g.url, bad)).status).toBe(401);
  });

  it('is on by default outside tests: a development-mode gateway stops checking a flood after its budget', async () => {
    const g = await gatewayWith({}, 'development');
    const bad = await forged();
    const { burst, perSecond } = DEFAULT_LIMITS.authFailureRate;
    const statuses: number[] = [];
    const started = Date.now();
    for (let i = 0; i < burst + 30; i++) statuses.push((await postFrom(g.url, bad)).status);
    // The budget, plus what refilled while the flood ran, is all that was ever checked.
    const budget = burst + Math.ceil(((Date.now() - started) / 1000) * perSecond);
    expect(statuses.slice(0, burst).every((s) => s === 401)).toBe(true);
    expect(statuses.filter((s) => s === 429).length).toBeGreaterThanOrEqual(statuses.length - budget);
    expect(g.verified()).toBeLessThanOrEqual(budget);
  });
});
