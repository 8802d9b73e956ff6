/** Consents to release: recording checks every VAWA rule at once (consent-rules); revoking takes effect at once and is idempotent. */
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { Problems, id, notFound } from '@ipvi/core';
import type { ConsentEntity } from '../entities';
import { checkConsent, type ConsentInput } from './consent-rules';
import type { DomainEnv } from './env';

export class ConsentService {
  constructor(private readonly env: DomainEnv) {}

  async record(input: ConsentInput): Promise<ConsentEntity> {
    const { now, config } = this.env;
    const first = new Problems();
    checkConsent(first, input, undefined, now(), config);
    first.throwIfAny();
    return this.env.ds.transaction(async (m) => {
      const client = await this.env.repos.clients.lockVisible(m, input.clientId);
      if (!client) throw notFound('Client');
      const p = new Problems();
      const c = p.done(checkConsent(p, input, client.dateOfBirth, now(), config));
      return this.env.repos.consents.insert(m, {
        ...c,
        id: randomUUID(),
        clientId: client.id,
        revokedAt: null,
        revokedBy: null,
        recordedBy: this.env.principal.sub,
        recordedAt: now(),
      });
    });
  }

  /** Revokes at the request's instant; a revoked consent stays as it was. Another agency's consent is NOT_FOUND. */
  async revoke(input: { consentId: string }): Promise<ConsentEntity> {
    const p = new Problems();
    const v = p.done(p.parse(z.object({ consentId: id() }), input));
    return this.env.ds.transaction(async (m) => {
      const consent = await this.env.repos.consents.lockVisible(m, v.consentId);
      if (!consent) throw notFound('Consent');
      if (consent.revokedAt) return consent;
      return this.env.repos.consents.update(m, consent.id, { revokedAt: this.env.now(), revokedBy: this.env.principal.sub });
    });
  }
}
