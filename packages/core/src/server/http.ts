/**
 * A small node:http front for an Apollo Server: body limit, JSON parsing, extra routes (/health,
 * /ready), and an authenticate step that may refuse a request with an HTTP status before GraphQL runs.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomUUID } from 'node:crypto';
import { HeaderMap, type ApolloServer, type BaseContext } from '@apollo/server';
import { REQUEST_ID_HEADER } from '../identity/internal-token';

export type Refusal = { status: number; code: string; message: string };

/**
 * The ids of one request: `requestId` is always made here (a UUID), never taken from the caller, so
 * two users can never share one in logs or the audit trail; a caller's `x-request-id` is kept apart
 * as `correlationId` (sanitised, capped) for matching logs across systems.
 */
export interface RequestIds {
  readonly requestId: string;
  readonly correlationId: string | undefined;
}
export type RouteHandler = (req: http.IncomingMessage) => Promise<{ status: number; body: unknown }>;

export interface GraphQLHttpOptions<C extends BaseContext> {
  readonly apollo: ApolloServer<C>;
  /** The server for an authenticated request, when it depends on the caller (default: `apollo`). */
  readonly apolloFor?: (context: C) => ApolloServer<C>;
  readonly path?: string;
  readonly bodyLimitBytes?: number;
  /**
   * Returns the context for an authenticated request, or a refusal (e.g. 401). The context's own
   * `requestId`, when it has one, names the request from then on (a subgraph adopts the gateway's).
   */
  readonly authenticate: (req: http.IncomingMessage, ids: RequestIds) => Promise<C | Refusal>;
  readonly routes?: Readonly<Record<string, RouteHandler>>;
}

export interface RunningServer {
  readonly server: http.Server;
  readonly port: number;
  readonly url: string;
  /** Stops accepting, drains in-flight requests (bounded by graceMs), closes all connections. */
  close(graceMs?: number): Promise<void>;
}

function isRefusal(x: unknown): x is Refusal {
  return typeof x === 'object' && x !== null && 'status' in x && 'code' in x && !('principal' in x);
}

function sendJson(res: http.ServerResponse, status: number, body: unknown, requestId?: string): void {
  const text = JSON.stringify(body);
  const headers: http.OutgoingHttpHeaders = { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text) };
  if (requestId) headers[REQUEST_ID_HEADER] = requestId;
  res.writeHead(status, headers);
  res.end(text);
}

async function readBody(req: http.IncomingMessage, limit: number): Promise<string | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > limit) return undefined;
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
export const CORRELATION_ID_MAX = 64;

/** A caller's id (by default its `x-request-id`) as a correlation field: only [A-Za-z0-9._:-], at most 64 characters; undefined when nothing is left. */
export function correlationIdOf(req: http.IncomingMessage, header: string = REQUEST_ID_HEADER): string | undefined {
  const given = req.headers[header];
  if (typeof given !== 'string') return undefined;
  const clean = given.replace(/[^A-Za-z0-9._:-]/g, '').slice(0, CORRELATION_ID_MAX);
  return clean || undefined;
}

/** The gateway's request id as a subgraph receives it (a UUID the gateway made), or undefined. */
export function forwardedRequestIdOf(req: http.IncomingMessage): string | undefined {
  const given = req.headers[REQUEST_ID_HEADER];
  return typeof given === 'string' && UUID.test(given) ? given : undefined;
}

export function createGraphQLHttpHandler<C extends BaseContext>(opts: GraphQLHttpOptions<C>): http.RequestListener {
  const gqlPath = opts.path ?? '/graphql';
  const limit = opts.bodyLimitBytes ?? 1_000_000;
  return (req, res) => {
    void (async () => {
      let requestId: string = randomUUID();
      const url = new URL(req.url ?? '/', 'http://localhost');
      const route = opts.routes?.[url.pathname];
      if (route && req.method === 'GET') {
        const r = await route(req);
        return sendJson(res, r.status, r.body, requestId);
      }
      if (url.pathname !== gqlPath) return sendJson(res, 404, { error: 'not found' }, requestId);
      if (req.method !== 'POST' && req.method !== 'GET') return sendJson(res, 405, { error: 'method not allowed' }, requestId);
      const auth = await opts.authenticate(req, { requestId, correlationId: correlationIdOf(req) });
      if (isRefusal(auth)) {
        return sendJson(res, auth.status, { errors: [{ message: auth.message, extensions: { code: auth.code, requestId } }] }, requestId);
      }
      const adopted = (auth as { requestId?: unknown }).requestId;
      if (typeof adopted === 'string') requestId = adopted;
      let body: unknown = undefined;
      if (req.method === 'POST') {
        const raw = await readBody(req, limit);
        if (raw === undefined)
          return sendJson(res, 413, { errors: [{ message: 'Request body too large.', extensions: { code: 'BAD_REQUEST', requestId } }] }, requestId);
        try {
          body = raw.length ? JSON.parse(raw) : undefined;
        } catch {
          return sendJson(res, 400, { errors: [{ message: 'Request body is not valid JSON.', extensions: { code: 'BAD_REQUEST', requestId } }] }, requestId);
        }
      }
      const headers = new HeaderMap();
      for (const [k, v] of Object.entries(req.headers)) if (v !== undefined) headers.set(k, Array.isArray(v) ? v.join(', ') : v);
      const result = await (opts.apolloFor?.(auth) ?? opts.apollo).executeHTTPGraphQLRequest({
        httpGraphQLRequest: { method: req.method, headers, search: url.search, body },
        context: async () => auth,
      });
      const out: http.OutgoingHttpHeaders = { [REQUEST_ID_HEADER]: requestId };
      for (const [k, v] of result.headers) out[k] = v;
      res.writeHead(result.status ?? 200, out);
      if (result.body.kind === 'complete') return res.end(result.body.string);
      for await (const chunk of result.body.asyncIterator) res.write(chunk);
      res.end();
    })().catch(() => {
      if (!res.headersSent) sendJson(res, 500, { errors: [{ message: 'Internal server error.', extensions: { code: 'INTERNAL_SERVER_ERROR' } }] });
      else res.end();
    });
  };
}

/**
 * Listens. close() stops accepting, lets in-flight requests finish (at most `graceMs`, default 10 s;
 * connections kept alive are told to close), then closes every connection that is left.
 */
export async function listen(handler: http.RequestListener, port: number, host: string): Promise<RunningServer> {
  let inFlight = 0;
  let draining = false;
  let drained: (() => void) | undefined;
  const server = http.createServer((req, res) => {
    inFlight++;
    if (draining) res.setHeader('connection', 'close');
    res.once('close', () => {
      inFlight--;
      if (!draining) return;
      server.closeIdleConnections();
      if (inFlight === 0) drained?.();
    });
    handler(req, res);
  });
  server.keepAliveTimeout = 65_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  const actual = (server.address() as AddressInfo).port;
  return {
    server,
    port: actual,
    url: `http://${host}:${actual}/graphql`,
    close: async (graceMs = 10_000) => {
      draining = true;
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      if (inFlight > 0) {
        await new Promise<void>((resolve) => {
          drained = resolve;
          setTimeout(resolve, graceMs).unref();
        });
      }
      server.closeAllConnections();
      await closed;
    },
  };
}
