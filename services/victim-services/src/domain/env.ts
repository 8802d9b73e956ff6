/** What every domain service of a request holds: the repositories (queries only), the caller, the site and the clock. */
import type { RepoEnv } from '../repositories/scope';
import { CareRepository } from '../repositories/care.repository';
import { ClearanceRepository } from '../repositories/clearance.repository';
import { ClientRepository } from '../repositories/client.repository';
import { ConsentRepository } from '../repositories/consent.repository';
import { ReferralRepository } from '../repositories/referral.repository';

export interface Repositories {
  readonly referrals: ReferralRepository;
  readonly clients: ClientRepository;
  readonly care: CareRepository;
  readonly consents: ConsentRepository;
  readonly clearances: ClearanceRepository;
}

export function createRepositories(env: RepoEnv): Repositories {
  return {
    referrals: new ReferralRepository(env),
    clients: new ClientRepository(env),
    care: new CareRepository(env),
    consents: new ConsentRepository(env),
    clearances: new ClearanceRepository(env),
  };
}

export interface DomainEnv extends RepoEnv {
  readonly repos: Repositories;
}

/** A unique-violation from PostgreSQL, to be answered as a CONFLICT. */
export function isUniqueViolation(e: unknown): boolean {
  const err = e as { code?: string; driverError?: { code?: string } } | null;
  return err?.code === '23505' || err?.driverError?.code === '23505';
}
