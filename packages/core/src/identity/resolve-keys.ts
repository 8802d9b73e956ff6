/** Where keys come from: configuration in production, the local development keys otherwise. */
import type { JSONWebKeySet, JWK } from 'jose';
import type { HubConfig } from '../config';
import { INTERNAL_ALG, importKey, loadOrCreateDevKeys } from './keys';
import { InternalTokenSigner, InternalTokenVerifier } from './internal-token';
import { ClientTokenVerifier } from './client-token';

export async function internalVerifierFor(config: HubConfig, audience: string): Promise<InternalTokenVerifier> {
  const jwk: JWK = config.internal.verifyJwk ? (JSON.parse(config.internal.verifyJwk) as JWK) : (await loadOrCreateDevKeys(config.stateDir)).internal.publicJwk;
  return new InternalTokenVerifier(await importKey(jwk, INTERNAL_ALG), config.internal.issuer, audience);
}

export async function internalSignerFor(config: HubConfig): Promise<InternalTokenSigner> {
  const jwk: JWK = config.internal.signingJwk
    ? (JSON.parse(config.internal.signingJwk) as JWK)
    : (await loadOrCreateDevKeys(config.stateDir)).internal.privateJwk;
  return new InternalTokenSigner(await importKey(jwk, INTERNAL_ALG), config.internal.issuer, config.internal.ttlSeconds);
}

export async function clientVerifierFor(config: HubConfig): Promise<ClientTokenVerifier> {
  const base = { issuer: config.auth.issuer, audience: config.auth.audience, algorithms: config.auth.algorithms };
  if (config.auth.jwksUrl) {
    const extra = config.auth.publicJwks ? (JSON.parse(config.auth.publicJwks) as JSONWebKeySet) : undefined;
    return new ClientTokenVerifier({ ...base, jwksUrl: config.auth.jwksUrl, jwks: extra });
  }
  const jwks: JSONWebKeySet = config.auth.publicJwks
    ? (JSON.parse(config.auth.publicJwks) as JSONWebKeySet)
    : { keys: [(await loadOrCreateDevKeys(config.stateDir)).idp.publicJwk] };
  return new ClientTokenVerifier({ ...base, jwks });
}
