/**
 * Coordinator and police decisions on an offender's tier record: publishing a policy version, manual
 * overrides (justified), the offer-of-help referrals and the preferred letter language. Each
 * validates its whole input first (every problem at once), acts only on what the caller's agency owns
 * (or, for partnership-wide coordinators, any agency's) and answers NOT_FOUND for everything else,
 * the same as a missing record. The write is audited once, from the payload (core's shield).
 */
import type { EntityManager } from 'typeorm';
import { z } from 'zod';
import { conflict, isUuid, notFound, pastInstant, Problems, requiredText, type Connection, type PageArgs } from '@ipvi/core';
import type { Language } from '../letters/templates';
import { validateTierPolicy } from '../policy/validate-policy';
import { TIERS, type Tier } from '../policy/tier-policy';
import { currentAssignment, type AssignmentRow } from '../repositories/assignment.repository';
import { recordTierChange } from '../repositories/tier-change.repository';
import {
  lockReferral,
  REFERRAL_STATUSES,
  setPreferredLanguage,
  setReferralStatus,
  type ReferralRow,
  type ReferralStatus,
} from '../repositories/followup.repository';
import { lockPersons, recordAgency } from '../repositories/person.repository';
import { activePolicy, publishPolicy, type PolicyFilter, type PolicyRow } from '../repositories/policy.repository';
import type { DomainEnv } from './env';
import { commitAssignment } from './reassess';
import { assertInTimeOrder, NEXT_REFERRAL_STATUS } from './referral-moves';

const JUSTIFICATION = 2000;

/** An override as recorded: the new assignment, and the record it was asked through (both named in the audit trail). */
export interface OverrideResult {
  readonly assignment: AssignmentRow;
  readonly offender: { readonly id: string };
}

/** A published version; `id` (the version) names it in the audit trail. */
export interface PublishResult {
  readonly id: string;
  readonly policy: PolicyRow;
}

export class TierService {
  constructor(private readonly env: DomainEnv) {}

  activePolicy(): Promise<PolicyRow> {
    return activePolicy(this.env.ds);
  }

  policies(args: PageArgs & { filter?: PolicyFilter | null }): Promise<Connection<PolicyRow>> {
    return this.env.repos.policies.page(args, args.filter ?? {});
  }

  /**
   * The agency that owns an offender record (the agency of its first incident), when the caller acts
   * for it; NOT_FOUND otherwise, exactly as for a record that does not exist.
   */
  private async ownedRecord(m: EntityManager, offenderId: string): Promise<string> {
    const owner = isUuid(offenderId) ? await recordAgency(m, offenderId) : undefined;
    if (!owner || !this.env.scope.recordAgencies.includes(owner)) throw notFound('Offender');
    return owner;
  }

  async publishPolicy(input: { version: string; rules: unknown }): Promise<PublishResult> {
    const p = new Problems();
    const v = p.parse(z.object({ version: z.string().regex(/^[A-Za-z0-9._-]{1,64}$/, 'must be 1 to 64 letters, digits, dots, dashes or underscores') }), {
      version: input.version,
    });
    const rules = p.collect(() => validateTierPolicy(input.rules));
    const valid = p.done(v && rules && { version: v.version, rules });
    const row = await this.env.ds.transaction((m) => publishPolicy(m, valid.version, valid.rules, this.env.principal.sub, this.env.now()));
    return { id: row.version, policy: row };
  }

  async overrideTier(input: { offenderId: string; level: Tier; justification: string }): Promise<OverrideResult> {
    const p = new Problems();
    const v = p.done(p.parse(z.object({ offenderId: z.string(), level: z.enum(TIERS), justification: requiredText(JUSTIFICATION) }), input));
    const assignment = await this.env.ds.transaction(async (m) => {
      const now = this.env.now();
      const recordAgencyOri = await this.ownedRecord(m, v.offenderId);
      const members = (await lockPersons(m, [v.offenderId])).get(v.offenderId)!;
      const policy = await activePolicy(m);
      // The person's tier belongs to the agency whose incident set it: only that agency (or a
      // partnership-wide coordinator) overrides it; anyone else is told the offender does not exist.
      const current = await currentAssignment(m, members);
      const agencyOri = current?.agencyOri ?? recordAgencyOri;
      if (!this.env.scope.recordAgencies.includes(agencyOri)) throw notFound('Offender');
      const row = {
        // Written on the owning agency's record, so its notice and flags stay with that agency's records.
        offenderId: agencyOri === recordAgencyOri || !current ? v.offenderId : current.offenderId,
        agencyOri,
        level: v.level,
        previousLevel: current?.level ?? null,
        rule: 'MANUAL_OVERRIDE',
        explanation: `Tier ${v.level} set by a coordinator's override${current ? ` (was ${current.level})` : ''}: ${v.justification}`,
        assignedAt: now,
        effectiveAt: now,
        policyVersion: policy.version,
        incidentIds: [],
        triggerIncidentId: null,
        assignedBy: this.env.principal.sub,
        justification: v.justification,
        template: null,
        refs: null,
      };
      // A changed tier requires its own notification (and flags); a confirmed one only records the decision.
      return current?.level === v.level
        ? await recordTierChange(m, { assignment: row, personRecords: members, notice: null, prosecution: null, now })
        : await commitAssignment(m, policy.rules, row, members, now);
    });
    return { assignment, offender: { id: v.offenderId } };
  }

  async updateReferral(input: { referralId: string; status: ReferralStatus; at?: Date | null }): Promise<ReferralRow> {
    const now = this.env.now();
    const p = new Problems();
    const v = p.done(p.parse(z.object({ referralId: z.string(), status: z.enum(REFERRAL_STATUSES), at: pastInstant(now).nullish() }), input));
    return this.env.ds.transaction(async (m) => {
      const r = isUuid(v.referralId) ? await lockReferral(m, v.referralId, this.env.scope) : null;
      if (!r) throw notFound('Service referral');
      if (!NEXT_REFERRAL_STATUS[r.status].includes(v.status)) throw conflict(`A referral that is ${r.status} cannot become ${v.status}.`);
      const at = v.at ?? now;
      assertInTimeOrder(r, at);
      await setReferralStatus(m, r.id, v.status, at, this.env.principal.sub);
      return (await lockReferral(m, r.id, this.env.scope))!;
    });
  }

  /** Sets the language of an offender record's letters; the record's id. */
  async setLanguage(input: { offenderId: string; language: Language }): Promise<string> {
    const p = new Problems();
    const v = p.done(p.parse(z.object({ offenderId: z.string(), language: z.enum(['en', 'es']) }), input));
    await this.env.ds.transaction(async (m) => {
      await this.ownedRecord(m, v.offenderId);
      await setPreferredLanguage(m, v.offenderId, v.language, this.env.principal.sub, this.env.now());
    });
    return v.offenderId;
  }
}
