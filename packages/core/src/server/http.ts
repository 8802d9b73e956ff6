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
export type RouteHandler = (req: http.IncomingMessage) => Promise<{ status: number; body: unknown }>;

export interface GraphQLHttpOptions<C extends BaseContext> {
  readonly apollo: ApolloServer<C>;
  readonly path?: string;
  readonly bodyLimitBytes?: number;
  /** Returns the context for an authenticated request, or a refusal (e.g. 401). */
  readonly authenticate: (req: http.IncomingMessage, requestId: string) => Promise<C | Refusal>;
  readonly routes?: Readonly<Record<string, RouteHandler>>;
}

export interface RunningServer {
  readonly server: http.Server;
  readonly port: number;
  readonly url: string;
  close(): Promise<void>;
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

/** A request id from the caller when it looks like one, else a new one. */
export function requestIdOf(req: http.IncomingMessage): string {
  const given = req.headers[REQUEST_ID_HEADER];
  return typeof given === 'string' && /^[A-Za-z0-9._-]{8,64}$/.test(given) ? given : randomUUID();
}

export function createGraphQLHttpHandler<C extends BaseContext>(opts: GraphQLHttpOptions<C>): http.RequestListener {
  const gqlPath = opts.path ?? '/graphql';
  const limit = opts.bodyLimitBytes ?? 1_000_000;
  return (req, res) => {
    void (async () => {
      const requestId = requestIdOf(req);
      const url = new URL(req.url ?? '/', 'http://localhost');
      const route = opts.routes?.[url.pathname];
      if (route && req.method === 'GET') {
        const r = await route(req);
        return sendJson(res, r.status, r.body, requestId);
      }
      if (url.pathname !== gqlPath) return sendJson(res, 404, { error: 'not found' }, requestId);
      if (req.method !== 'POST' && req.method !== 'GET') return sendJson(res, 405, { error: 'method not allowed' }, requestId);
      const auth = await opts.authenticate(req, requestId);
      if (isRefusal(auth)) {
        return sendJson(res, auth.status, { errors: [{ message: auth.message, extensions: { code: auth.code, requestId } }] }, requestId);
      }
      let body: unknown = undefined;
      if (req.method === 'POST') {
        const raw = await readBody(req, limit);
        if (raw === undefined) return sendJson(res, 413, { errors: [{ message: 'Request body too large.', extensions: { code: 'BAD_REQUEST', requestId } }] }, requestId);
        try {
          body = raw.length ? JSON.parse(raw) : undefined;
        } catch {
          return sendJson(res, 400, { errors: [{ message: 'Request body is not valid JSON.', extensions: { code: 'BAD_REQUEST', requestId } }] }, requestId);
        }
      }
      const headers = new HeaderMap();
      for (const [k, v] of Object.entries(req.headers)) if (v !== undefined) headers.set(k, Array.isArray(v) ? v.join(', ') : v);
      const result = await opts.apollo.executeHTTPGraphQLRequest({
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

export async function listen(handler: http.RequestListener, port: number, host: string): Promise<RunningServer> {
  const server = http.createServer(handler);
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
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
