/** Sends the exhaustive test's probes: through the gateway with a client token, or straight to a subgraph with an internal identity. */
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
}

export async function prober(t: TestHub): Promise<Prober> {
  const signer: InternalTokenSigner = await internalSignerFor(t.config);
  const tokens = new Map<string, Promise<string>>();
  const clientToken = (role: Role, agency: string) =>
    tokens.get(`${role}@${agency}`) ?? tokens.set(`${role}@${agency}`, t.token(role, { agency })).get(`${role}@${agency}`)!;
  return {
    async send(role, entry, body, requestId, agency = defaultAgency(role)) {
      if (entry === 'gateway') return t.post(t.url, body, { authorization: `Bearer ${await clientToken(role, agency)}`, 'x-request-id': requestId });
      const identity = await signer.tokenFor({ sub: `probe-${role.toLowerCase()}`, roles: [role], agency, scope: [] }, entry);
      return t.post(t.hub.services[entry].server.url, body, { [INTERNAL_IDENTITY_HEADER]: identity, 'x-request-id': requestId });
    },
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
