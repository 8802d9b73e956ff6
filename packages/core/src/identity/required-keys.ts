/**
 * What a production process cannot run without, by the part of the hub it runs: the gateway signs
 * internal identities and trusts the identity provider's keys; every subgraph verifies internal
 * identities on its own database; a feed consumer signs its service principal's tokens. Checked
 * by every entry point (configOrExit) before anything starts.
 */
import type { JSONWebKeySet, JWK } from 'jose';
import type { HubConfig, ServiceName } from '../config';

export type HubPart = { readonly gateway: true } | { readonly service: ServiceName; readonly consumes: boolean };

function envKey(name: ServiceName): string {
  return name.toUpperCase().replace(/-/g, '_');
}

function jwk(raw: string | undefined): (JWK & { kid?: string }) | undefined {
  try {
    return raw ? (JSON.parse(raw) as JWK) : undefined;
  } catch {
    return undefined; // loadConfig has named it already
  }
}

/** Every missing or mismatched key for these parts, as lines naming the variable; empty outside production. */
export function missingProductionKeys(config: HubConfig, parts: HubPart | readonly HubPart[]): string[] {
  if (config.mode !== 'production') return [];
  const list = Array.isArray(parts) ? (parts as readonly HubPart[]) : [parts as HubPart];
  const problems: string[] = [];
  const signing = jwk(config.internal.signingJwk);
  const verify = jwk(config.internal.verifyJwk);
  const trusted = config.auth.publicJwks ? ((JSON.parse(config.auth.publicJwks) as JSONWebKeySet).keys ?? []) : [];
  for (const part of list) {
    if ('gateway' in part) {
      if (!signing) problems.push('the gateway needs INTERNAL_SIGNING_JWK (its private key for internal identities)');
      else if (!signing.d) problems.push('INTERNAL_SIGNING_JWK must be a private key');
      if (!config.auth.jwksUrl && !config.auth.publicJwks)
        problems.push('the gateway needs AUTH_JWKS_URL or AUTH_PUBLIC_JWKS (the keys it trusts for client tokens)');
      continue;
    }
    if (!verify) problems.push(`${part.service} needs INTERNAL_VERIFY_JWK (the gateway's public key)`);
    if (!config.services[part.service].databaseUrl)
      problems.push(`${part.service} needs ${envKey(part.service)}_DATABASE_URL or DATABASE_URL (no embedded PostgreSQL in production)`);
    if (!part.consumes) continue;
    const own = jwk(config.services[part.service].serviceJwk);
    const variable = `${envKey(part.service)}_SERVICE_JWK`;
    if (!own) problems.push(`${part.service} reads event feeds and needs ${variable} (its service principal's private key)`);
    else if (!own.d || !own.kid) problems.push(`${variable} must be a private key with a kid`);
    else if (trusted.length && list.some((p) => 'gateway' in p) && !trusted.some((k) => k.kid === own.kid)) {
      problems.push(`AUTH_PUBLIC_JWKS does not hold the public key of ${variable} (kid ${own.kid}): the gateway would refuse ${part.service}'s feed`);
    }
  }
  if (signing && verify && (signing.x !== verify.x || signing.y !== verify.y))
    problems.push('INTERNAL_VERIFY_JWK is not the public half of INTERNAL_SIGNING_JWK');
  return problems;
}
