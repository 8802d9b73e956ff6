import fs from 'node:fs';
import { SignJWT, generateKeyPair, base64url } from 'jose';
import { INTERNAL_IDENTITY_HEADER, importKey, internalSignerFor, loadOrCreateDevKeys, verifyAuditFile } from '@ipvi/core';
import { RECORD, incidentInput, type RecordResult } from './fixtures/incidents';
import { codes, startTestHub, type TestHub } from './harness/hub';

let t: TestHub;
beforeAll(async () => {
  t = await startTestHub();
});
afterAll(() => t.stop());

const Q = { query: '{ offenders(first: 1) { totalCount } }' };

async function asBearer(token: string) {
  return t.post(t.url, Q, { authorization: `Bearer ${token}` });
}

/** A token the hub's identity provider really signed, with these roles: only the claims are wrong. */
async function signedWithRoles(roles: string[]): Promise<string> {
  const { idp } = await loadOrCreateDevKeys(t.config.stateDir);
  return new SignJWT({ roles, agency: 'NC0410200' })
    .setProtectedHeader({ alg: 'ES256', kid: idp.kid, typ: 'JWT' })
    .setSubject('x')
    .setIssuer(t.config.auth.issuer)
    .setAudience(t.config.auth.audience)
    .setExpirationTime('5m')
    .sign(await importKey(idp.privateJwk, 'ES256'));
}

describe('identity at the gateway', () => {
  it('accepts a valid token', async () => {
    for (const token of [await t.token('OFFICER'), await signedWithRoles(['OFFICER', 'DV_DETECTIVE'])]) {
      const res = await asBearer(token);
      expect(res.status).toBe(200);
      expect(res.errors).toBeUndefined();
    }
  });

  it.each([
    ['no token', async () => t.post(t.url, Q)],
    ['a malformed header', async () => t.post(t.url, Q, { authorization: 'Basic abc' })],
    [
      'a tampered token',
      async () => {
        const [h, p, s] = (await t.token('OFFICER')).split('.');
        const claims = JSON.parse(Buffer.from(p!, 'base64url').toString());
        claims.roles = ['AUDITOR'];
        return asBearer(`${h}.${base64url.encode(JSON.stringify(claims))}.${s}`);
      },
    ],
    ['an expired token', async () => asBearer(await t.token('OFFICER', { ttlSeconds: -60 }))],
    ['a token not yet valid (nbf)', async () => asBearer(await t.token('OFFICER', { notBefore: Math.floor(Date.now() / 1000) + 600 }))],
    [
      'an alg:none token',
      async () => {
        const header = base64url.encode(JSON.stringify({ alg: 'none', typ: 'JWT' }));
        const body = base64url.encode(
          JSON.stringify({
            sub: 'x',
            roles: ['OFFICER'],
            agency: 'NC0410200',
            iss: t.config.auth.issuer,
            aud: t.config.auth.audience,
            exp: Math.floor(Date.now() / 1000) + 600,
          }),
        );
        return asBearer(`${header}.${body}.`);
      },
    ],
    [
      'a token from an unknown key',
      async () => {
        const { privateKey } = await generateKeyPair('ES256');
        return asBearer(
          await new SignJWT({ roles: ['OFFICER'], agency: 'NC0410200' })
            .setProtectedHeader({ alg: 'ES256' })
            .setSubject('x')
            .setIssuer(t.config.auth.issuer)
            .setAudience(t.config.auth.audience)
            .setExpirationTime('5m')
            .sign(privateKey),
        );
      },
    ],
    [
      'an HS256 token (algorithm confusion)',
      async () => {
        const secret = new TextEncoder().encode('a-shared-secret-that-is-long-enough-for-hs256');
        return asBearer(
          await new SignJWT({ roles: ['OFFICER'], agency: 'NC0410200' })
            .setProtectedHeader({ alg: 'HS256' })
            .setSubject('x')
            .setIssuer(t.config.auth.issuer)
            .setAudience(t.config.auth.audience)
            .setExpirationTime('5m')
            .sign(secret),
        );
      },
    ],
    [
      'a token with a bad signature',
      async () => {
        const [h, p] = (await t.token('OFFICER')).split('.');
        return asBearer(`${h}.${p}.AAAA`);
      },
    ],
    ['a token with an unknown role', async () => asBearer(await signedWithRoles(['JANITOR']))],
    ['a token holding roles on both sides of the VAWA firewall', async () => asBearer(await signedWithRoles(['OFFICER', 'ADVOCATE']))],
    ['a token holding a service role with a person role', async () => asBearer(await signedWithRoles(['SERVICE_TIERING', 'OFFICER']))],
  ])('answers 401 UNAUTHENTICATED to %s', async (_name, send) => {
    const res = await send();
    expect(res.status).toBe(401);
    expect(codes(res)).toEqual(['UNAUTHENTICATED']);
    expect(res.data).toBeUndefined();
  });
});

describe('identity at the subgraphs', () => {
  const names = ['incidents', 'tiering', 'victim-services'] as const;
  const queries = {
    _service: { query: '{ _service { sdl } }' },
    _entities: { query: 'query($r: [_Any!]!) { _entities(representations: $r) { __typename } }', variables: { r: [] } },
  };

  it.each(names.flatMap((n) => (['_service', '_entities'] as const).map((q) => [n, q] as const)))(
    '%s answers 401 to %s without the internal identity',
    async (name, q) => {
      const res = await t.post(t.hub.services[name].server.url, queries[q]);
      expect(res.status).toBe(401);
      expect(codes(res)).toEqual(['UNAUTHENTICATED']);
    },
  );

  it.each(names)('%s answers 401 to a client JWT sent straight to it', async (name) => {
    const token = await t.token('OFFICER');
    const attempts: Record<string, string>[] = [{ authorization: `Bearer ${token}` }, { [INTERNAL_IDENTITY_HEADER]: token }];
    for (const headers of attempts) {
      const res = await t.post(t.hub.services[name].server.url, queries._service, headers);
      expect(res.status).toBe(401);
    }
  });

  it('refuses an internal identity minted for another subgraph', async () => {
    const signer = await internalSignerFor(t.config);
    const forTiering = await signer.tokenFor({ sub: 'x', roles: ['OFFICER'], agency: 'NC0410200', scope: [] }, 'tiering');
    const res = await t.post(t.hub.services.incidents.server.url, queries._service, { [INTERNAL_IDENTITY_HEADER]: forTiering });
    expect(res.status).toBe(401);
    const ok = await t.post(t.hub.services.tiering.server.url, queries._service, { [INTERNAL_IDENTITY_HEADER]: forTiering });
    expect(ok.status).toBe(200);
  });

  it('drops client-supplied identity headers at the gateway', async () => {
    const signer = await internalSignerFor(t.config);
    const forged = await signer.tokenFor({ sub: 'x', roles: ['AUDITOR'], agency: 'NC0410200', scope: [] }, 'incidents');
    const res = await t.post(
      t.url,
      { query: '{ incident(id: "00000000-0000-0000-0000-000000000000") { narrative } }' },
      {
        authorization: `Bearer ${await t.token('ADVOCATE')}`,
        [INTERNAL_IDENTITY_HEADER]: forged,
      },
    );
    expect(res.status).toBe(200);
    expect(res.data).toEqual({ incident: null });
  });
});

describe('agencies are configuration', () => {
  function trailRows(): { request_id: string; field_path: string; correlation_id?: string; agency: string }[] {
    if (!fs.existsSync(t.config.gatewayAuditFile)) return [];
    return fs
      .readFileSync(t.config.gatewayAuditFile, 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l));
  }

  it.each([
    ['an officer of an agency the partnership does not configure', 'OFFICER', 'NC0999999'],
    ['an advocate of an unconfigured advocacy agency', 'ADVOCATE', 'ADV-UNKNOWN-01'],
    ['an auditor of an unconfigured agency', 'AUDITOR', 'SOMEWHERE-ELSE'],
  ] as const)('refuses %s with 401 and records it in the gateway audit file', async (_name, role, agency) => {
    const before = trailRows().length;
    const res = await t.post(t.url, Q, { authorization: `Bearer ${await t.token(role, { agency })}` });
    expect(res.status).toBe(401);
    expect(codes(res)).toEqual(['UNAUTHENTICATED']);
    const added = trailRows().slice(before);
    expect(added.map((r) => r.field_path)).toEqual(['client-token:unknown_agency']);
    expect(added[0]!.request_id).toBe(res.errors![0]!.extensions!.requestId);
    expect((await verifyAuditFile(t.config.gatewayAuditFile)).problems).toEqual([]);
  });

  it('admits a configured agency typed in lower case, and acts for it as the configured agency', async () => {
    const res = await fetch(t.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${await t.token('OFFICER', { agency: ' nc0410200 ' })}` },
      body: JSON.stringify({ query: RECORD, variables: { input: incidentInput({ agencyOri: 'NC0410200' }) } }),
    });
    const recorded = (await res.json()) as { data?: RecordResult; errors?: unknown[] };
    expect(recorded.errors).toBeUndefined();
    const id = recorded.data!.recordIncident.incident.id;
    const read = await t.query<{ incident: { id: string } | null }>('OFFICER', 'query($id: ID!) { incident(id: $id) { id } }', { id }, { agency: 'NC0410200' });
    expect(read.data!.incident).toEqual({ id });
    const rows = await t.sql<{ agency: string }>('incidents', 'SELECT DISTINCT agency FROM audit_event WHERE request_id = $1', [
      res.headers.get('x-request-id'),
    ]);
    expect(rows.map((r) => r.agency)).toEqual(['NC0410200']);
  });

  it("exempts service principals (the hub's own agency)", async () => {
    const res = await t.post(
      t.url,
      { query: '{ incidentEvents(first: 1) { pageInfo { hasNextPage } } }' },
      {
        authorization: `Bearer ${await t.token('SERVICE_TIERING', { agency: 'IPVI-HUB' })}`,
      },
    );
    expect(res.status).toBe(200);
    expect(res.errors).toBeUndefined();
  });
});

describe('request ids', () => {
  const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

  async function asUser(role: 'OFFICER' | 'ADVOCATE', requestId: string) {
    const res = await fetch(t.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${await t.token(role, { sub: `user-${role}` })}`, 'x-request-id': requestId },
      body: JSON.stringify({ query: 'query($id: ID!) { incident(id: $id) { id narrative } }', variables: { id: '0a000000-0000-4000-8000-00000000abcd' } }),
    });
    return { header: res.headers.get('x-request-id'), body: (await res.json()) as { errors?: { extensions?: { requestId?: string } }[] } };
  }

  it('are made by the gateway for every request: two users sending one x-request-id never share an id in the audit trail', async () => {
    const shared = 'shared-client-id-0001';
    const a = await asUser('OFFICER', shared);
    const b = await asUser('ADVOCATE', shared);
    expect(a.header).toMatch(UUID);
    expect(b.header).toMatch(UUID);
    expect(a.header).not.toBe(b.header);
    for (const service of ['incidents', 'tiering', 'victim-services'] as const) {
      const rows = await t.sql<{ request_id: string; subject: string }>(service, 'SELECT request_id, subject FROM audit_event WHERE request_id = ANY($1)', [
        [shared, a.header, b.header],
      ]);
      expect(rows.map((r) => r.request_id)).not.toContain(shared);
      // Each id names one subject only.
      const subjects = new Map<string, Set<string>>();
      for (const r of rows) subjects.set(r.request_id, (subjects.get(r.request_id) ?? new Set()).add(r.subject));
      for (const s of subjects.values()) expect(s.size).toBe(1);
    }
    const incidentsRows = await t.sql<{ request_id: string }>('incidents', 'SELECT request_id FROM audit_event WHERE request_id = ANY($1)', [
      [a.header, b.header],
    ]);
    expect(new Set(incidentsRows.map((r) => r.request_id))).toEqual(new Set([a.header, b.header]));
  });

  it("keep a client's x-request-id only as a sanitised, capped correlation id in the gateway audit", async () => {
    const given = `corr-<script>alert(1)</script>-${'x'.repeat(200)}`;
    const send = () => t.post(t.url, Q, { authorization: 'Bearer not.a.token', 'x-request-id': given });
    const [first, second] = [await send(), await send()];
    const ids = [first, second].map((r) => r.errors![0]!.extensions!.requestId as string);
    expect(ids[0]).toMatch(UUID);
    expect(ids[0]).not.toBe(ids[1]);
    const rows = fs
      .readFileSync(t.config.gatewayAuditFile, 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as { request_id: string; correlation_id?: string });
    const mine = rows.filter((r) => ids.includes(r.request_id));
    expect(mine).toHaveLength(2);
    for (const r of mine) {
      expect(r.correlation_id).toBe(`corr-scriptalert1script-${'x'.repeat(200)}`.slice(0, 64));
      expect(r.correlation_id!.length).toBe(64);
    }
    expect(rows.some((r) => r.request_id === given || r.request_id.startsWith('corr-'))).toBe(false);
    expect((await verifyAuditFile(t.config.gatewayAuditFile)).problems).toEqual([]);
  });
});
