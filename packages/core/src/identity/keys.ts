/**
 * Key material. Production: keys come from configuration (JWKS URL / JWK JSON). Development and
 * tests: a local key pair for the demo identity provider and one for the gateway's internal
 * identities, generated once and kept in the git-ignored state folder so separate processes
 * (the hub, `npm run token`) agree.
 */
import fs from 'node:fs';
import path from 'node:path';
import { exportJWK, generateKeyPair, importJWK, type JWK, type CryptoKey } from 'jose';

export interface KeyPairJwk {
  readonly kid: string;
  readonly privateJwk: JWK;
  readonly publicJwk: JWK;
}
export interface DevKeys {
  readonly idp: KeyPairJwk;
  readonly internal: KeyPairJwk;
}

export const INTERNAL_ALG = 'ES256';

export async function generateKeyPairJwk(kid: string, alg = 'ES256'): Promise<KeyPairJwk> {
  const { privateKey, publicKey } = await generateKeyPair(alg, { extractable: true });
  const privateJwk = { ...(await exportJWK(privateKey)), kid, alg, use: 'sig' };
  const publicJwk = { ...(await exportJWK(publicKey)), kid, alg, use: 'sig' };
  return { kid, privateJwk, publicJwk };
}

export async function generateDevKeys(): Promise<DevKeys> {
  return { idp: await generateKeyPairJwk('dev-idp-1'), internal: await generateKeyPairJwk('dev-internal-1') };
}

const devKeyLoads = new Map<string, Promise<DevKeys>>();

/**
 * Loads the development keys from the state folder, creating them on first use. Safe when several
 * services (or processes) ask at once: one load per folder in a process, and an exclusive create
 * on disk so the first writer wins and everyone else reads its keys.
 */
export function loadOrCreateDevKeys(stateDir: string): Promise<DevKeys> {
  let p = devKeyLoads.get(stateDir);
  if (!p) devKeyLoads.set(stateDir, (p = readOrCreate(stateDir)));
  return p;
}

async function readOrCreate(stateDir: string): Promise<DevKeys> {
  const file = path.join(stateDir, 'dev-keys.json');
  if (fs.existsSync(file)) return JSON.parse(fs.readFileSync(file, 'utf8')) as DevKeys;
  const keys = await generateDevKeys();
  fs.mkdirSync(stateDir, { recursive: true });
  try {
    fs.writeFileSync(file, JSON.stringify(keys, null, 2), { mode: 0o600, flag: 'wx' });
    return keys;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    return JSON.parse(fs.readFileSync(file, 'utf8')) as DevKeys;
  }
}

export async function importKey(jwk: JWK, alg: string): Promise<CryptoKey> {
  const key = await importJWK(jwk, alg);
  if (key instanceof Uint8Array) throw new Error('symmetric keys are not accepted');
  return key;
}
