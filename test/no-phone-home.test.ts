/**
 * The hub never phones home. Every socket this process opens while the whole hub starts, answers a
 * query and stops is watched (net.Socket#connect underlies http, https, fetch and tls): only loopback
 * addresses and local sockets are let through; anything else is recorded and refused. The Apollo
 * variables an operator's environment might carry (an API key and graph ref: usage reporting; schema
 * reporting) are set, and the gateway's telemetry switch is unset, so nothing but the hub's own
 * settings keeps @apollo/gateway (cloud metadata probes, hourly metrics) and Apollo Server (usage and
 * schema reports) quiet.
 */
import dns from 'node:dns';
import net from 'node:net';
import { ok, startTestHub, type TestHub } from './harness/hub';

const APOLLO_VARIABLES = {
  APOLLO_KEY: 'service:ipvi-test:not-a-real-key',
  APOLLO_GRAPH_REF: 'ipvi-test@current',
  APOLLO_SCHEMA_REPORTING: 'true',
};

/** Hosts and addresses this process tried to reach beyond the machine. */
const outbound: string[] = [];

function isLocal(host: string | undefined): boolean {
  if (host === undefined || host === '' || host === 'localhost') return true;
  const ip = host.replace(/^\[|\]$/g, '').replace(/^::ffff:/, '');
  return ip === '::1' || (net.isIPv4(ip) && ip.startsWith('127.'));
}

/** The target of a Socket#connect call: an options object, (port, host), a path, or node's internal normalized [options, cb]. */
function targetOf(args: unknown[]): { host?: string; path?: string } {
  const [first, second] = args;
  if (Array.isArray(first)) return targetOf(first);
  if (typeof first === 'string' && !/^\d+$/.test(first)) return { path: first };
  if (typeof first === 'number' || typeof first === 'string') return { host: typeof second === 'string' ? second : 'localhost' };
  const o = (first ?? {}) as { host?: string; path?: string };
  return o.path ? { path: o.path } : { host: o.host ?? 'localhost' };
}

const originalConnect = net.Socket.prototype.connect;
const originalLookup = dns.lookup;
const originalPromisesLookup = dns.promises.lookup;
const savedEnv: Record<string, string | undefined> = {};

function watchSockets(): void {
  net.Socket.prototype.connect = function watchedConnect(this: net.Socket, ...args: unknown[]) {
    const target = targetOf(args);
    if (target.path !== undefined || isLocal(target.host)) return (originalConnect as (...a: unknown[]) => net.Socket).apply(this, args);
    outbound.push(String(target.host));
    process.nextTick(() => this.destroy(new Error('outbound connection refused by the test')));
    return this;
  } as typeof net.Socket.prototype.connect;
  dns.lookup = function watchedLookup(hostname: string, ...rest: unknown[]) {
    if (!isLocal(hostname)) outbound.push(`dns:${hostname}`);
    return (originalLookup as (...a: unknown[]) => unknown)(hostname, ...rest);
  } as typeof dns.lookup;
  dns.promises.lookup = function watchedPromisesLookup(hostname: string, ...rest: unknown[]) {
    if (!isLocal(hostname)) outbound.push(`dns:${hostname}`);
    return (originalPromisesLookup as (...a: unknown[]) => Promise<unknown>)(hostname, ...rest);
  } as typeof dns.promises.lookup;
}

function unwatchSockets(): void {
  net.Socket.prototype.connect = originalConnect;
  dns.lookup = originalLookup;
  dns.promises.lookup = originalPromisesLookup;
}

let t: TestHub | undefined;

beforeAll(() => {
  for (const key of [...Object.keys(APOLLO_VARIABLES), 'APOLLO_TELEMETRY_DISABLED']) savedEnv[key] = process.env[key];
  delete process.env.APOLLO_TELEMETRY_DISABLED;
  Object.assign(process.env, APOLLO_VARIABLES);
  watchSockets();
});
afterAll(async () => {
  await t?.stop();
  unwatchSockets();
  for (const [key, value] of Object.entries(savedEnv)) {
    if (value === undefined) delete process.env[key];
    else process.env[key] = value;
  }
});

describe('the hub makes no connection beyond the machine', () => {
  it('sees an outbound connection when one is tried (the watch works)', async () => {
    await expect(fetch('http://192.0.2.10/')).rejects.toThrow();
    expect(outbound).toEqual(['192.0.2.10']);
    outbound.length = 0;
  });

  it('starts the three subgraphs and the gateway, answers, and stops without reaching out', async () => {
    t = await startTestHub();
    const res = ok(await t.query<{ offenders: { totalCount: number } }>('OFFICER', '{ offenders(first: 1) { totalCount } }'));
    expect(typeof res.offenders.totalCount).toBe('number');
    // Apollo's usage reporting flushes its report when the server stops; its metadata probes run at construction.
    await t.stop();
    t = undefined;
    expect(outbound).toEqual([]);
  });
});
