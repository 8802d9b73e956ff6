/**
 * The failed-login flood (issue 12.1): one client address sending bad or forged tokens is limited
 * per address, before the gateway spends a signature check on them, and answered 429 without the
 * limit's number. Other addresses, and tokens the gateway already admitted, are not affected.
 */
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import {
  ClientTokenVerifier,
  clientVerifierFor,
  createLogger,
  importKey,
  internalSignerFor,
  loadConfig,
  loadOrCreateDevKeys,
  signDemoToken,
  type HubConfig,
  type HubMode,
  type RunningServer,
} from '@ipvi/core';
import { DEFAULT_LIMITS, startGateway, type QueryLimits } from '@ipvi/gateway';
import { defaultAgency } from './harness/hub';

/**
 * Every request here is `{ __typename }`, which a gateway answers without asking a subgraph: the gateways below need the
 * hub's configuration and keys (its identity provider's, to sign and verify tokens), not running subgraphs or databases.
 * So no hub is started (a test hub would cost ~1.4 s and three cloned databases that nothing here reads).
 */
let config: HubConfig;
let stateDir: string;
let token: (sub: string) => Promise<string>;
beforeAll(async () => {
  stateDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ipvi-flood-'));
  config = loadConfig({ HUB_ENV: 'test', HUB_STATE_DIR: stateDir, LOG_LEVEL: 'silent' });
  const { idp } = await loadOrCreateDevKeys(stateDir);
  const key = await importKey(idp.privateJwk, 'ES256');
  token = (sub) => signDemoToken(key, idp.kid, config.auth.issuer, config.auth.audience, { role: 'OFFICER', agency: defaultAgency('OFFICER'), sub });
});
afterAll(() => fs.rmSync(stateDir, { recursive: true, force: true }));

const gateways: RunningServer[] = [];
afterEach(async () => {
  await Promise.all(gateways.splice(0).map((g) => g.close(1000)));
});

/** A gateway (the configured subgraph addresses, none running), counting the signature checks its verifier makes. */
async function gatewayWith(limits: Partial<QueryLimits>, mode: HubMode = 'test'): Promise<{ url: string; verified: () => number }> {
  const inner = await clientVerifierFor(config);
  let checks = 0;
  const counting = Object.create(ClientTokenVerifier.prototype) as ClientTokenVerifier;
  counting.verify = (authorization) => {
    checks++;
    return inner.verify(authorization);
  };
  const gateway = await startGateway(
    { config: { ...config, mode }, log: createLogger('silent'), clientVerifier: counting, signer: await internalSignerFor(config), limits },
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
  const [h, p] = (await token('flood-forger')).split('.');
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
    const admitted = `Bearer ${await token('flood-known')}`;
    expect((await postFrom(g.url, admitted)).status).toBe(200);
    const bad = await forged();
    for (let i = 0; i < 3; i++) expect((await postFrom(g.url, bad)).status).toBe(401);
    expect((await postFrom(g.url, bad)).status).toBe(429);
    // The token this gateway verified before the flood still passes from the flooded address.
    expect((await postFrom(g.url, admitted)).status).toBe(200);
    // A new valid token from the flooded address waits like the flood (it would cost a signature check).
    expect((await postFrom(g.url, `Bearer ${await token('flood-new')}`)).status).toBe(429);
    // Another address is still checked and answered as usual.
    expect((await postFrom(g.url, bad, '127.0.0.2')).status).toBe(401);
    expect((await postFrom(g.url, `Bearer ${await token('flood-other')}`, '127.0.0.2')).status).toBe(200);
  });

  it('refills with time', async () => {
    // One failure a second refills (the gateway's limiter reads the real clock): the second request comes well within that
    // second (one request's round trip), and the third after it.
    const g = await gatewayWith({ authFailureRate: { burst: 1, perSecond: 1 } });
    const bad = await forged();
    expect((await postFrom(g.url, bad)).status).toBe(401);
    expect((await postFrom(g.url, bad)).status).toBe(429);
    await new Promise((r) => setTimeout(r, 1100));
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
