/** Sends the exhaustive test's probes: through the gateway with a client token, or straight to a subgraph with an internal identity. */
import http from 'node:http';
import { INTERNAL_IDENTITY_HEADER, internalSignerFor, type InternalTokenSigner, type Role, type ServiceName } from '@ipvi/core';
import { defaultAgency, type TestHub } from '../harness/hub';

export interface GraphResponse {
  readonly status: number;
  readonly data?: unknown;
  readonly errors?: { message: string; path?: (string | number)[]; extensions?: Record<string, unknown> }[];
  readonly text: string;
  /** The id the server gave the request (the audit trail names it), when it said. */
  readonly requestId?: string;
}

/** Where a probe goes in: the gateway, or one subgraph (from its Query or `_entities`). */
export type Entry = 'gateway' | ServiceName;

export interface Prober {
  /** POSTs one document as the role (of `agency`, default the role's demo agency), with `requestId` as its x-request-id. */
  send(role: Role, entry: Entry, body: { query: string; variables: Record<string, unknown> }, requestId: string, agency?: string): Promise<GraphResponse>;
  /** Closes its kept-alive connections. */
  close(): void;
}

/**
 * POSTs a JSON body over node:http with kept-alive connections, and reads the answer as the harness's `t.post` does (status,
 * parsed body, text, x-request-id). The same request on the wire; the global fetch (undici, web streams, a DOMException-ready
 * signal per request) cost the probing about a tenth of the Jest process's CPU.
 */
function postJson(agent: http.Agent, url: string, body: unknown, headers: Record<string, string>): Promise<GraphResponse> {
  const payload = Buffer.from(JSON.stringify(body));
  return new Promise((resolve, reject) => {
    const req = http.request(
      url,
      { method: 'POST', agent, headers: { 'content-type': 'application/json', 'content-length': payload.length, ...headers } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('error', reject);
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let parsed: Pick<GraphResponse, 'data' | 'errors'> = {};
          try {
            parsed = JSON.parse(text) as typeof parsed;
          } catch {
            /* keep text */
          }
          const requestId = res.headers['x-request-id'];
          resolve({
            status: res.statusCode ?? 0,
            data: parsed.data,
            errors: parsed.errors,
            text,
            ...(typeof requestId === 'string' ? { requestId } : {}),
          });
        });
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}

export async function prober(t: TestHub): Promise<Prober> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 16 });
  const signer: InternalTokenSigner = await internalSignerFor(t.config);
  const tokens = new Map<string, Promise<string>>();
  const clientToken = (role: Role, agency: string) =>
    tokens.get(`${role}@${agency}`) ?? tokens.set(`${role}@${agency}`, t.token(role, { agency })).get(`${role}@${agency}`)!;
  return {
    async send(role, entry, body, requestId, agency = defaultAgency(role)) {
      if (entry === 'gateway') return postJson(agent, t.url, body, { authorization: `Bearer ${await clientToken(role, agency)}`, 'x-request-id': requestId });
      const identity = await signer.tokenFor({ sub: `probe-${role.toLowerCase()}`, roles: [role], agency, scope: [] }, entry);
      return postJson(agent, t.hub.services[entry].server.url, body, { [INTERNAL_IDENTITY_HEADER]: identity, 'x-request-id': requestId });
    },
    close: () => agent.destroy(),
  };
}

/** Runs tasks with at most `limit` in flight. */
export async function pool<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) {
        const i = next++;
        out[i] = await fn(items[i]!);
      }
    }),
  );
  return out;
}
