/** Sends the exhaustive test's probes: through the gateway with a client token, or straight to a subgraph with an internal identity. */
import { INTERNAL_IDENTITY_HEADER, internalSignerFor, type InternalTokenSigner, type Role } from '@ipvi/core';
import { defaultAgency, type TestHub } from '../harness/hub';
import type { Path } from './paths';
import type { Rendered } from './render';

export interface GraphResponse {
  readonly status: number;
  readonly data?: unknown;
  readonly errors?: { message: string; path?: (string | number)[]; extensions?: Record<string, unknown> }[];
  readonly text: string;
}

export interface Prober {
  send(role: Role, path: Path, rendered: Rendered, requestId: string): Promise<GraphResponse>;
}

export async function prober(t: TestHub): Promise<Prober> {
  const signer: InternalTokenSigner = await internalSignerFor(t.config);
  const tokens = new Map<Role, Promise<string>>();
  const clientToken = (role: Role) => tokens.get(role) ?? tokens.set(role, t.token(role)).get(role)!;
  return {
    async send(role, path, rendered, requestId) {
      const body = { query: rendered.query, variables: rendered.variables };
      if (path.start.via === 'gateway') return t.post(t.url, body, { authorization: `Bearer ${await clientToken(role)}`, 'x-request-id': requestId });
      const identity = await signer.tokenFor({ sub: `probe-${role.toLowerCase()}`, roles: [role], agency: defaultAgency(role), scope: [] }, path.start.graph);
      return t.post(t.hub.services[path.start.graph].server.url, body, { [INTERNAL_IDENTITY_HEADER]: identity, 'x-request-id': requestId });
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
