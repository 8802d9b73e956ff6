/**
 * What an advocate keeps about a client: versioned safety plans (an edit based on an older version
 * is a CONFLICT), service referrals (never conditional on a consent) and Danger Assessments scored
 * with their band. Validates every field at once, then writes in one transaction.
 */
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { Problems, TEXT, conflict, id, intBetween, list, notFound, optionalText, pastInstant, textList } from '@ipvi/core';
import type { ClientEntity, DangerAssessmentEntity, SafetyPlanEntity, ServiceReferralEntity } from '../entities';
import type { CreateServiceReferralInput, RecordDangerAssessmentInput, SaveSafetyPlanInput, UpdateServiceReferralInput } from '../generated/resolvers';
import { dangerAnswerProblems, scoreDangerAssessment, DA_ITEM_COUNT } from './danger-assessment';
import { isUniqueViolation, type DomainEnv } from './env';
import type { Db } from '../repositories/scope';

const planList = () => textList(TEXT.short, 50).nullish();

export class CareService {
  constructor(private readonly env: DomainEnv) {}

  /** The client if the caller may see it, locked in `m`; NOT_FOUND exactly as for a missing one. */
  private async client(m: Db, clientId: string): Promise<ClientEntity> {
    const client = await this.env.repos.clients.lockVisible(m, clientId);
    if (!client) throw notFound('Client');
    return client;
  }

  async saveSafetyPlan(input: SaveSafetyPlanInput): Promise<SafetyPlanEntity> {
    const p = new Problems();
    const v = p.done(
      p.parse(
        z.object({
          clientId: id(),
          basedOnVersion: intBetween(0, 1_000_000).nullish(),
          warningSigns: planList(),
          safePlaces: planList(),
          emergencyContacts: planList(),
          itemsToTake: planList(),
          childrenPlan: optionalText(TEXT.long),
          notes: optionalText(TEXT.long),
        }),
        input,
      ),
    );
    return this.env.ds.transaction(async (m) => {
      const client = await this.client(m, v.clientId); // locks the client: versions are taken one at a time
      const current = await this.env.repos.care.safetyPlanVersion(m, client.id);
      if ((v.basedOnVersion ?? 0) !== current) throw conflict(`the safety plan is at version ${current}: reload it and edit that version`);
      const plan = {
        warningSigns: v.warningSigns ?? [],
        safePlaces: v.safePlaces ?? [],
        emergencyContacts: v.emergencyContacts ?? [],
        itemsToTake: v.itemsToTake ?? [],
        childrenPlan: v.childrenPlan ?? null,
        notes: v.notes ?? null,
      };
      return this.env.repos.care
        .insertSafetyPlan(m, {
          id: randomUUID(),
          clientId: client.id,
          version: current + 1,
          plan,
          createdBy: this.env.principal.sub,
          createdAt: this.env.now(),
        })
        .catch((e: unknown) => {
          throw isUniqueViolation(e) ? conflict('the safety plan changed meanwhile: reload it') : e;
        });
    });
  }

  async createServiceReferral(input: CreateServiceReferralInput): Promise<ServiceReferralEntity> {
    const p = new Problems();
    const v = p.done(p.parse(z.object({ clientId: id(), provider: optionalText(TEXT.name), notes: optionalText(TEXT.long) }), input));
    return this.env.ds.transaction(async (m) => {
      const client = await this.client(m, v.clientId);
      const now = this.env.now();
      return this.env.repos.care.insertServiceReferral(m, {
        id: randomUUID(),
        clientId: client.id,
        kind: input.kind,
        provider: v.provider ?? null,
        status: input.status ?? 'REQUESTED',
        notes: v.notes ?? null,
        createdBy: this.env.principal.sub,
        createdAt: now,
        updatedAt: now,
      });
    });
  }

  async updateServiceReferral(input: UpdateServiceReferralInput): Promise<ServiceReferralEntity> {
    const has = (k: keyof UpdateServiceReferralInput) => Object.prototype.hasOwnProperty.call(input, k);
    const p = new Problems();
    const v = p.done(p.parse(z.object({ serviceReferralId: id(), provider: optionalText(TEXT.name), notes: optionalText(TEXT.long) }), input));
    return this.env.ds.transaction(async (m) => {
      const row = await this.env.repos.care.lockServiceReferral(m, v.serviceReferralId);
      if (!row) throw notFound('ServiceReferral');
      return this.env.repos.care.updateServiceReferral(m, row.id, {
        status: input.status,
        updatedAt: this.env.now(),
        ...(has('provider') ? { provider: v.provider ?? null } : {}),
        ...(has('notes') ? { notes: v.notes ?? null } : {}),
      });
    });
  }

  async recordDangerAssessment(input: RecordDangerAssessmentInput): Promise<DangerAssessmentEntity> {
    const now = this.env.now();
    const p = new Problems();
    const parsed = p.parse(z.object({ clientId: id(), administeredAt: pastInstant(now).nullish(), answers: list(z.boolean(), DA_ITEM_COUNT) }), input);
    const neverLivedTogether = input.neverLivedTogether ?? false;
    for (const problem of dangerAnswerProblems(input.answers, neverLivedTogether))
      if (!p.all.some((x) => x.field === problem.field)) p.add(problem.field, problem.reason);
    const v = p.done(parsed);
    const { score, band } = scoreDangerAssessment(v.answers, neverLivedTogether);
    return this.env.ds.transaction(async (m) => {
      const client = await this.client(m, v.clientId);
      return this.env.repos.care.insertDangerAssessment(m, {
        id: randomUUID(),
        clientId: client.id,
        answers: [...v.answers],
        neverLivedTogether,
        score,
        band,
        administeredAt: v.administeredAt ?? now,
        administeredBy: this.env.principal.sub,
      });
    });
  }
}
