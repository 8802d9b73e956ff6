/** Demo tokens from the local development identity provider (the CLIs refuse in production). */
import type { HubConfig } from '../config';
import { DEMO_ADVOCACY_AGENCY, DEMO_POLICE_ORI, DEMO_PROVIDER_AGENCY } from '../config';
import { signDemoToken } from './client-token';
import { importKey, loadOrCreateDevKeys } from './keys';
import { ADVOCATE_ROLES, PROVIDER_ROLES, type Role } from './principal';

export function defaultDemoAgency(role: Role): string {
  if (PROVIDER_ROLES.includes(role)) return DEMO_PROVIDER_AGENCY;
  return ADVOCATE_ROLES.includes(role) ? DEMO_ADVOCACY_AGENCY : DEMO_POLICE_ORI;
}

export async function mintDemoToken(config: HubConfig, req: { role: Role; agency?: string; sub?: string; ttlSeconds?: number }): Promise<string> {
  if (config.mode === 'production') throw new Error('demo tokens are refused in production mode');
  const keys = await loadOrCreateDevKeys(config.stateDir);
  return signDemoToken(await importKey(keys.idp.privateJwk, 'ES256'), keys.idp.kid, config.auth.issuer, config.auth.audience, {
    role: req.role,
    agency: req.agency ?? defaultDemoAgency(req.role),
    sub: req.sub,
    ttlSeconds: req.ttlSeconds,
  });
}
