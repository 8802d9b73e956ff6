/**
 * Coordinator and police commands on an offender's tier record: publishing a policy version, manual
 * overrides (justified, audited), the offer-of-help referrals and the preferred letter language.
 */
import type { EntityManager } from 'typeorm';
import { conflict, InputError, notFound } from '@ipvi/core';
import type { Language } from '../letters/templates';
import { validateTierPolicy } from '../policy/validate-policy';
import type { Tier } from '../policy/tier-policy';
import { currentAssignment } from '../repositories/assignment.repository';
import { recordTierChange } from '../repositories/tier-change.repository';
import { lockReferral, setPreferredLanguage, setReferralStatus, type ReferralStatus } from '../repositories/followup.repository';
import { lockOffenders } from '../repositories/ledger.repository';
import { activePolicy, publishPolicy } from '../repositories/policy.repository';
import { offenderScopeSql, SqlParams } from '../repositories/scope';
import { pastInstant, requiredText, type CommandContext } from './context';
import { commitAssignment } from './reassess';

/** Which referral statuses may follow which. */
const NEXT: Readonly<Record<ReferralStatus, readonly ReferralStatus[]>> = {
  OFFERED: ['ACCEPTED', 'DECLINED'],
  ACCEPTED: ['ENROLLED', 'DECLINED'],
  ENROLLED: ['COMPLETED', 'DECLINED'],
  COMPLETED: [],
  DECLINED: [],
};

export class TierCommands {
  constructor(private readonly c: CommandContext) {}

  /** The agency of the offender's latest incident within the caller's scope; NOT_FOUND when none. */
  private async offenderAgency(m: EntityManager, offenderId: string): Promise<string> {
    const p = new SqlParams();
    const rows = (await m.query(
      `SELECT agency_ori FROM offender_incident o WHERE o.offender_id = ${p.add(offenderId)}::uuid AND ${offenderScopeSql(this.c.principal, this.c.config, p, 'o.offender_id')}
       ORDER BY occurred_at DESC LIMIT 1`,
      p.values,
    )) as { agency_ori: string }[];
    if (!rows[0]) throw notFound('Offender');
    return rows[0].agency_ori;
  }

  async publishPolicy(input: { version: string; rules: unknown }): Promise<string> {
    if (!/^[A-Za-z0-9._-]{1,64}$/.test(input.version)) throw new InputError('input.version', 'must be 1 to 64 letters, digits, dots, dashes or underscores');
    const rules = validateTierPolicy(input.rules);
    const row = await this.c.ds.transaction((m) => publishPolicy(m, input.version, rules, this.c.principal.sub, this.c.now()));
    this.c.audit.wrote('Mutation.publishTierPolicy', [row.version]);
    return row.version;
  }

  async overrideTier(input: { offenderId: string; level: Tier; justification: string }): Promise<string> {
    const justification = requiredText(input.justification, 'input.justification');
    const id = await this.c.ds.transaction(async (m) => {
      const now = this.c.now();
      await lockOffenders(m, [input.offenderId]);
      const agencyOri = await this.offenderAgency(m, input.offenderId);
      const policy = await activePolicy(m);
      const current = await currentAssignment(m, input.offenderId);
      const row = {
        offenderId: input.offenderId,
        agencyOri: current?.agencyOri ?? agencyOri,
        level: input.level,
        previousLevel: current?.level ?? null,
        rule: 'MANUAL_OVERRIDE',
        explanation: `Tier ${input.level} set by a coordinator's override${current ? ` (was ${current.level})` : ''}: ${justification}`,
        assignedAt: now,
        effectiveAt: now,
        policyVersion: policy.version,
        incidentIds: [],
        triggerIncidentId: null,
        assignedBy: this.c.principal.sub,
        justification,
      };
      // A changed tier requires its own notification (and flags); a confirmed one only records the decision.
      const saved = current?.level === input.level ? await recordTierChange(m, { assignment: row, notice: null, prosecution: null, now }) : await commitAssignment(m, policy.rules, row, now);
      return saved.id;
    });
    this.c.audit.wrote('Mutation.overrideTier', [input.offenderId, id]);
    return id;
  }

  async updateReferral(input: { referralId: string; status: ReferralStatus; at?: Date | null }): Promise<string> {
    const id = await this.c.ds.transaction(async (m) => {
      const now = this.c.now();
      const at = pastInstant(input.at ?? now, 'input.at', now);
      const r = await lockReferral(m, input.referralId, this.c.principal, this.c.config);
      if (!r) throw notFound('Service referral');
      if (!NEXT[r.status].includes(input.status)) throw conflict(`A referral that is ${r.status} cannot become ${input.status}.`);
      await setReferralStatus(m, r.id, input.status, at, this.c.principal.sub);
      return r.id;
    });
    this.c.audit.wrote('Mutation.updateOffenderServiceReferral', [id]);
    return id;
  }

  async setLanguage(input: { offenderId: string; language: Language }): Promise<string> {
    await this.c.ds.transaction(async (m) => {
      await this.offenderAgency(m, input.offenderId);
      await setPreferredLanguage(m, input.offenderId, input.language, this.c.principal.sub, this.c.now());
    });
    this.c.audit.wrote('Mutation.setPreferredLanguage', [input.offenderId]);
    return input.offenderId;
  }
}
