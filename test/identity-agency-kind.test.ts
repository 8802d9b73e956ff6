/**
 * A token's agency must be of the kind its roles act for: police roles (and prosecutors, on the
 * criminal-justice side of the VAWA line) with a police ORI, advocates with an advocacy agency's id,
 * SERVICE_PROVIDER with a provider id; analysts and auditors with any police or advocacy agency. Any
 * other pairing is refused at the gateway like every bad token: 401 UNAUTHENTICATED, the fixed message,
 * recorded in the gateway's audit file as `client-token:agency_kind`. Two police departments, each
 * with its own advocacy agency.
 */
import fs from 'node:fs';
import { SignJWT } from 'jose';
import { importKey, loadOrCreateDevKeys, verifyAuditFile, type Role } from '@ipvi/core';
import { codes, startTestHub, type GraphQLResponse, type TestHub } from './harness/hub';

const POLICE = ['NC0410200', 'NC0410300'] as const;
const ADVOCACY = ['ADV-FSP-01', 'ADV-HPC-02'] as const;
const PROVIDER = 'BIP-DEMO-01';

const POLICE_SIDE: Role[] = ['OFFICER', 'DV_DETECTIVE', 'COORDINATOR', 'PROSECUTOR'];
const ADVOCATES: Role[] = ['ADVOCATE', 'ADVOCATE_SUPERVISOR'];

/** A query each group may answer with data and no error (the identity reached the subgraph and was accepted there). */
const POLICE_QUERY = '{ offenders(first: 1) { totalCount } }';
const ADVOCATE_QUERY = '{ referrals(first: 1) { totalCount } }';
const TYPENAME_QUERY = '{ __typename }';

let t: TestHub;
beforeAll(async () => {
  t = await startTestHub({
    env: {
      POLICE_AGENCIES: POLICE.join(','),
      ADVOCACY_AGENCIES: `${ADVOCACY[0]}=${POLICE[0]};${ADVOCACY[1]}=${POLICE[1]}`,
      PROVIDER_AGENCIES: PROVIDER,
    },
  });
});
afterAll(() => t.stop());

function trailPaths(): string[] {
  if (!fs.existsSync(t.config.gatewayAuditFile)) return [];
  return fs
    .readFileSync(t.config.gatewayAuditFile, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => (JSON.parse(l) as { field_path: string }).field_path);
}

/** A token the hub's identity provider really signed, with these roles and this agency. */
async function signed(roles: Role[], agency: string, sub: string): Promise<string> {
  const { idp } = await loadOrCreateDevKeys(t.config.stateDir);
  return new SignJWT({ roles, agency })
    .setProtectedHeader({ alg: 'ES256', kid: idp.kid, typ: 'JWT' })
    .setSubject(sub)
    .setIssuer(t.config.auth.issuer)
    .setAudience(t.config.auth.audience)
    .setExpirationTime('5m')
    .sign(await importKey(idp.privateJwk, 'ES256'));
}

async function send(roles: Role[], agency: string, query = TYPENAME_QUERY): Promise<GraphQLResponse> {
  const sub = `kind-probe-${roles.join('-').toLowerCase()}`;
  return t.post(t.url, { query }, { authorization: `Bearer ${await signed(roles, agency, sub)}` });
}

async function expectRefused(roles: Role[], agency: string): Promise<void> {
  const before = trailPaths().length;
  const res = await send(roles, agency);
  expect(res.status).toBe(401);
  expect(codes(res)).toEqual(['UNAUTHENTICATED']);
  expect(res.data).toBeUndefined();
  expect(res.errors![0]!.message).toBe('A valid bearer token is required.');
  // The answer names neither the agency, the roles nor the subject the token claimed.
  for (const claim of [agency, ...roles, `kind-probe-${roles.join('-').toLowerCase()}`]) expect(res.text.toUpperCase()).not.toContain(claim.toUpperCase());
  expect(trailPaths().slice(before)).toEqual(['client-token:agency_kind']);
}

async function expectAdmitted(roles: Role[], agency: string, query: string): Promise<GraphQLResponse> {
  const res = await send(roles, agency, query);
  expect(res.status).toBe(200);
  expect(res.errors).toBeUndefined();
  expect(res.data).toBeTruthy();
  return res;
}

const pairs = <A, B>(as: readonly A[], bs: readonly B[]): [A, B][] => as.flatMap((a) => bs.map((b) => [a, b] as [A, B]));

describe('a token whose agency is not of its role kind', () => {
  it.each(pairs(POLICE_SIDE, ADVOCACY))('refuses %s with the advocacy agency %s', async (role, agency) => {
    await expectRefused([role], agency);
  });

  it.each(pairs(ADVOCATES, POLICE))('refuses %s with the police ORI %s', async (role, agency) => {
    await expectRefused([role], agency);
  });

  it.each(pairs(['ANALYST', 'AUDITOR', ...POLICE_SIDE, ...ADVOCATES] as Role[], [PROVIDER]))('refuses %s with the provider id %s', async (role, agency) => {
    await expectRefused([role], agency);
  });

  it.each([...POLICE, ...ADVOCACY])('refuses SERVICE_PROVIDER with %s', async (agency) => {
    await expectRefused(['SERVICE_PROVIDER'], agency);
  });

  it('refuses a token of several roles when one of them does not fit the agency', async () => {
    await expectRefused(['OFFICER', 'ANALYST'], ADVOCACY[0]);
    await expectRefused(['ADVOCATE', 'AUDITOR'], POLICE[1]);
    // Typed in lower case, the agency is still of the wrong kind.
    await expectRefused(['DV_DETECTIVE'], ADVOCACY[1].toLowerCase());
  });

  it('verifies the gateway audit file after the refusals', async () => {
    expect((await verifyAuditFile(t.config.gatewayAuditFile)).problems).toEqual([]);
  });
});

describe('a token whose agency is of its role kind', () => {
  it.each(pairs(POLICE_SIDE, POLICE))('admits %s of the police agency %s', async (role, agency) => {
    const res = await expectAdmitted([role], agency, POLICE_QUERY);
    expect(typeof (res.data as { offenders: { totalCount: number } }).offenders.totalCount).toBe('number');
  });

  it.each(pairs(ADVOCATES, ADVOCACY))('admits %s of the advocacy agency %s', async (role, agency) => {
    const res = await expectAdmitted([role], agency, ADVOCATE_QUERY);
    expect(typeof (res.data as { referrals: { totalCount: number } }).referrals.totalCount).toBe('number');
  });

  it.each(pairs(['ANALYST', 'AUDITOR'] as Role[], [...POLICE, ...ADVOCACY]))('admits %s (no agency of a kind needed) of %s', async (role, agency) => {
    await expectAdmitted([role], agency, TYPENAME_QUERY);
  });

  it('admits SERVICE_PROVIDER with its provider id, and several roles that all fit the agency', async () => {
    await expectAdmitted(['SERVICE_PROVIDER'], PROVIDER, TYPENAME_QUERY);
    await expectAdmitted(['OFFICER', 'ANALYST'], POLICE[1], POLICE_QUERY);
    await expectAdmitted(['ADVOCATE', 'AUDITOR'], ADVOCACY[1], ADVOCATE_QUERY);
  });
});
