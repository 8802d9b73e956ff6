/**
 * Coordinator and police commands on an offender's tier record: publishing a policy version, manual
 * overrides (justified, audited), the offer-of-help referrals and the preferred letter language.
 * Each acts only on what the caller's agency owns (or, for partnership-wide coordinators, any
 * agency's); everything else answers NOT_FOUND, the same as a missing record.
 */
import type { EntityManager } from 'typeorm';
import { conflict, InputError, notFound } from '@ipvi/core';
import type { Language } from '../letters/templates';
import { validateTierPolicy } from '../policy/validate-policy';
import type { Tier } from '../policy/tier-policy';
import { currentAssignment } from '../repositories/assignment.repository';
import { recordTierChange } from '../repositories/tier-change.repository';
import { lockReferral, setPreferredLanguage, setReferralStatus, type ReferralStatus } from '../repositories/followup.repository';
import { lockPersons } from '../repositories/person.repository';
import { activePolicy, publishPolicy } from '../repositories/policy.repository';
import { pastInstant, requiredText, type CommandContext } from './context';
import { commitAssignment } from './reassess';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

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

  /**
   * The agency that owns an offender record (the agency of its first incident), when the caller acts
   * for it; NOT_FOUND otherwise, exactly as for a record that does not exist.
   */
  private async ownedRecord(m: EntityManager, offenderId: string): Promise<string> {
    if (!UUID.test(offenderId)) throw notFound('Offender');
    const rows = (await m.query(`SELECT agency_ori FROM offender_incident WHERE offender_id = $1 ORDER BY occurred_at, incident_id LIMIT 1`, [offenderId])) as {
      agency_ori: string;
    }[];
    const owner = rows[0]?.agency_ori;
    if (!owner || !this.c.scope.recordAgencies.includes(owner)) throw notFound('Offender');
    return owner;
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
      const recordAgency = await this.ownedRecord(m, input.offenderId);
      const members = (await lockPersons(m, [input.offenderId])).get(input.offenderId)!;
      const policy = await activePolicy(m);
      // The person's tier belongs to the agency whose incident set it: only that agency (or a
      // partnership-wide coordinator) overrides it; anyone else is told the offender does not exist.
      const current = await currentAssignment(m, members);
      const agencyOri = current?.agencyOri ?? recordAgency;
      if (!this.c.scope.recordAgencies.includes(agencyOri)) throw notFound('Offender');
      const row = {
        // Written on the owning agency's record, so its notice and flags stay with that agency's records.
        offenderId: agencyOri === recordAgency || !current ? input.offenderId : current.offenderId,
        agencyOri,
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
        template: null,
        refs: null,
      };
      // A changed tier requires its own notification (and flags); a confirmed one only records the decision.
      const saved =
        current?.level === input.level
          ? await recordTierChange(m, { assignment: row, personRecords: members, notice: null, prosecution: null, now })
          : await commitAssignment(m, policy.rules, row, members, now);
      return saved.id;
    });
    this.c.audit.wrote('Mutation.overrideTier', [input.offenderId, id]);
    return id;
  }

  async updateReferral(input: { referralId: string; status: ReferralStatus; at?: Date | null }): Promise<string> {
    const id = await this.c.ds.transaction(async (m) => {
      const now = this.c.now();
      const at = pastInstant(input.at ?? now, 'input.at', now);
      const r = UUID.test(input.referralId) ? await lockReferral(m, input.referralId, this.c.scope) : null;
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
      await this.ownedRecord(m, input.offenderId);
      await setPreferredLanguage(m, input.offenderId, input.language, this.c.principal.sub, this.c.now());
    });
    this.c.audit.wrote('Mutation.setPreferredLanguage', [input.offenderId]);
    return input.offenderId;
  }
}
