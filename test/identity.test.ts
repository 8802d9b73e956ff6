import { SignJWT, generateKeyPair, base64url } from 'jose';
import { INTERNAL_IDENTITY_HEADER, importKey, internalSignerFor, loadOrCreateDevKeys } from '@ipvi/core';
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
  return new SignJWT({ roles, agency: 'NC0410200' }).setProtectedHeader({ alg: 'ES256', kid: idp.kid, typ: 'JWT' }).setSubject('x')
    .setIssuer(t.config.auth.issuer).setAudience(t.config.auth.audience).setExpirationTime('5m').sign(await importKey(idp.privateJwk, 'ES256'));
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
    ['a tampered token', async () => {
      const [h, p, s] = (await t.token('OFFICER')).split('.');
      const claims = JSON.parse(Buffer.from(p!, 'base64url').toString());
      claims.roles = ['AUDITOR'];
      return asBearer(`${h}.${base64url.encode(JSON.stringify(claims))}.${s}`);
    }],
    ['an expired token', async () => asBearer(await t.token('OFFICER', { ttlSeconds: -60 }))],
    ['a token not yet valid (nbf)', async () => asBearer(await t.token('OFFICER', { notBefore: Math.floor(Date.now() / 1000) + 600 }))],
    ['an alg:none token', async () => {
      const header = base64url.encode(JSON.stringify({ alg: 'none', typ: 'JWT' }));
      const body = base64url.encode(JSON.stringify({ sub: 'x', roles: ['OFFICER'], agency: 'NC0410200', iss: t.config.auth.issuer, aud: t.config.auth.audience, exp: Math.floor(Date.now() / 1000) + 600 }));
      return asBearer(`${header}.${body}.`);
    }],
    ['a token from an unknown key', async () => {
      const { privateKey } = await generateKeyPair('ES256');
      return asBearer(await new SignJWT({ roles: ['OFFICER'], agency: 'NC0410200' }).setProtectedHeader({ alg: 'ES256' }).setSubject('x').setIssuer(t.config.auth.issuer).setAudience(t.config.auth.audience).setExpirationTime('5m').sign(privateKey));
    }],
    ['an HS256 token (algorithm confusion)', async () => {
      const secret = new TextEncoder().encode('a-shared-secret-that-is-long-enough-for-hs256');
      return asBearer(await new SignJWT({ roles: ['OFFICER'], agency: 'NC0410200' }).setProtectedHeader({ alg: 'HS256' }).setSubject('x').setIssuer(t.config.auth.issuer).setAudience(t.config.auth.audience).setExpirationTime('5m').sign(secret));
    }],
    ['a token with a bad signature', async () => {
      const [h, p] = (await t.token('OFFICER')).split('.');
      return asBearer(`${h}.${p}.AAAA`);
    }],
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

  it.each(names.flatMap((n) => (['_service', '_entities'] as const).map((q) => [n, q] as const)))('%s answers 401 to %s without the internal identity', async (name, q) => {
    const res = await t.post(t.hub.services[name].server.url, queries[q]);
    expect(res.status).toBe(401);
    expect(codes(res)).toEqual(['UNAUTHENTICATED']);
  });

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
    const res = await t.post(t.url, { query: '{ incident(id: "00000000-0000-0000-0000-000000000000") { narrative } }' }, {
      authorization: `Bearer ${await t.token('ADVOCATE')}`,
      [INTERNAL_IDENTITY_HEADER]: forged,
    });
    expect(res.status).toBe(200);
    expect(res.data).toEqual({ incident: null });
  });
});
