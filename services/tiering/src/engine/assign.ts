/**
 * The assignment engine: a pure, deterministic function of (policy version, the offender's incident
 * ledger, their notification history, their manual overrides, time). It replays the offender's
 * history in time order under the policy and returns the tier the policy gives now, the rule that
 * fired and a plain-language explanation naming the incidents it used. It never demotes: a step
 * only ever raises the tier (a manual override may set any tier, and counts from there on).
 */
import { tierAbove, tierRank, type DeliveryOutcome, type Tier, type TierPolicyRules } from '../policy/tier-policy';

export interface LedgerIncident {
  readonly incidentId: string;
  readonly rmsNumber: string;
  readonly agencyOri: string;
  readonly occurredAt: Date;
  readonly isIntimatePartner: boolean;
  readonly relationshipCode: string | null;
  readonly arrestMade: boolean;
  readonly offenseCodes: readonly string[];
  readonly protectiveOrderViolation: boolean;
  readonly weaponInvolved: boolean;
  readonly charges: readonly { statute: string; description: string; dvRelated: boolean; felony: boolean }[];
}

export interface NoticeGiven {
  readonly tierAtNotice: Tier;
  readonly outcome: DeliveryOutcome;
  readonly deliveredAt: Date;
}

export interface Override {
  readonly level: Tier;
  readonly at: Date;
}

export interface EngineInput {
  readonly policyVersion: string;
  readonly policy: TierPolicyRules;
  readonly ledger: readonly LedgerIncident[];
  readonly notices: readonly NoticeGiven[];
  readonly overrides: readonly Override[];
  readonly now: Date;
}

export const RULES = [
  'DV_CALL_NO_ARREST',
  'FIRST_DV_CHARGE',
  'SECOND_DV_CHARGE',
  'PROHIBITED_BEHAVIOR_AFTER_NOTICE',
  'NEW_CHARGE_AFTER_NOTICE',
  'VIOLENT_HISTORY',
  'MANUAL_OVERRIDE',
] as const;
export type RuleId = (typeof RULES)[number];

/** An incident an explanation names: enough to name it in full, or only as the sharing agreement allows. */
export interface IncidentRef {
  readonly incidentId: string;
  readonly rmsNumber: string;
  readonly agencyOri: string;
  /** The incident's day (YYYY-MM-DD). */
  readonly day: string;
  /** Whether the policy counted it as a DV charge. */
  readonly dvCharge: boolean;
  readonly charges: readonly { statute: string; description: string }[];
}

export interface TierDecision {
  readonly level: Tier;
  readonly rule: RuleId;
  /** The explanation with every incident named in full (RMS number and day). */
  readonly explanation: string;
  /** The same explanation with `{{incident:<id>}}` where an incident is named (rendered per caller). */
  readonly template: string | null;
  /** The incidents the template names. */
  readonly refs: readonly IncidentRef[];
  /** Incidents the rule used (ids), oldest first. */
  readonly incidentIds: readonly string[];
  /** The incident whose arrival raised the tier (null for an override). */
  readonly triggerIncidentId: string | null;
  /** When the tier took effect: the triggering incident's time (or the override's). */
  readonly effectiveAt: Date;
}

const day = (d: Date) => d.toISOString().slice(0, 10);
/** A placeholder for an incident in an explanation template (see `explanationText`). */
const named = (i: LedgerIncident) => `{{incident:${i.incidentId}}}`;
const TOKEN = /\{\{incident:([^}]+)\}\}/g;

/** An explanation template with each incident named as `name(ref)` decides. */
export function explanationText(template: string, refs: readonly IncidentRef[], name: (r: IncidentRef) => string): string {
  const byId = new Map(refs.map((r) => [r.incidentId, r]));
  return template.replace(TOKEN, (_, id: string) => {
    const r = byId.get(id);
    return r ? name(r) : 'an incident';
  });
}

/** The full naming: RMS number and day (what the recording agency reads). */
export const fullName = (r: IncidentRef) => `${r.rmsNumber} on ${r.day}`;

function refsOf(p: TierPolicyRules, template: string, ledger: readonly LedgerIncident[]): IncidentRef[] {
  const ids = new Set([...template.matchAll(TOKEN)].map((m) => m[1]!));
  return ledger
    .filter((i) => ids.has(i.incidentId))
    .map((i) => ({
      incidentId: i.incidentId,
      rmsNumber: i.rmsNumber,
      agencyOri: i.agencyOri,
      day: day(i.occurredAt),
      dvCharge: isDvCharge(p, i),
      charges: i.charges.map((c) => ({ statute: c.statute, description: c.description })),
    }));
}

export function isEligible(policy: TierPolicyRules, i: LedgerIncident): boolean {
  return (
    (policy.eligibility.acceptIntimatePartnerFlag && i.isIntimatePartner) ||
    (i.relationshipCode !== null && policy.eligibility.relationshipCodes.includes(i.relationshipCode))
  );
}

/** An arrest, or a charge flagged DV-related, as the policy counts them. */
export function isDvCharge(policy: TierPolicyRules, i: LedgerIncident): boolean {
  return (policy.dvCharge.arrestCounts && i.arrestMade) || (policy.dvCharge.dvRelatedChargeCounts && i.charges.some((c) => c.dvRelated));
}

export function prohibitedActOf(policy: TierPolicyRules, i: LedgerIncident): string | null {
  if (policy.prohibitedActs.protectiveOrderViolation && i.protectiveOrderViolation) return 'protective-order violation';
  const code = i.offenseCodes.find((c) => policy.prohibitedActs.offenseCodes.includes(c));
  return code ? `prohibited act (NIBRS ${code})` : null;
}

interface State {
  level: Tier | null;
  charged: LedgerIncident[];
  decision: TierDecision | null;
}

type Candidate = { level: Tier; rule: RuleId; used: LedgerIncident[]; why: string };

function candidates(p: TierPolicyRules, s: State, i: LedgerIncident, notices: readonly NoticeGiven[]): Candidate[] {
  const charged = isDvCharge(p, i);
  const counted = charged ? [...s.charged, i] : s.charged;
  const out: Candidate[] = [];
  const weapon = p.violentHistory.weapon && i.weaponInvolved;
  const felony = p.violentHistory.felonyCharge && i.charges.some((c) => c.felony);
  if (weapon || felony || (charged && counted.length >= p.violentHistory.minDvCharges)) {
    const reasons = [
      weapon && `a weapon in ${named(i)}`,
      felony && `a felony charge on ${named(i)}`,
      counted.length >= p.violentHistory.minDvCharges && `${counted.length} DV charges`,
    ].filter(Boolean);
    const used = counted.includes(i) ? counted : [...counted, i];
    out.push({
      level: 'A',
      rule: 'VIOLENT_HISTORY',
      used,
      why: `violent history: ${reasons.join(', ')} (DV charges: ${counted.map(named).join(', ') || 'none'})`,
    });
  }
  if (charged && counted.length >= 2)
    out.push({ level: 'B', rule: 'SECOND_DV_CHARGE', used: counted, why: `second DV charge: ${counted.map(named).join(', ')}` });
  if (charged && counted.length === 1) out.push({ level: 'C', rule: 'FIRST_DV_CHARGE', used: counted, why: `first DV charge: ${named(i)}` });
  if (!charged && counted.length === 0)
    out.push({
      level: 'D',
      rule: 'DV_CALL_NO_ARREST',
      used: [i],
      why: `intimate-partner incident (${named(i)}) with no arrest or DV charge, and no prior DV charge`,
    });
  const act = prohibitedActOf(p, i);
  if (s.level && (act || charged)) {
    const from = s.level;
    const notice = notices.find(
      (n) => tierRank(n.tierAtNotice) >= tierRank(from) && n.deliveredAt < i.occurredAt && p.escalation.noticeGivenOutcomes.includes(n.outcome),
    );
    if (notice || !p.escalation.afterNoticeOnly) {
      const after = notice ? `, after the ${notice.tierAtNotice} notice delivered on ${day(notice.deliveredAt)}` : '';
      out.push({
        level: tierAbove(from),
        rule: act ? 'PROHIBITED_BEHAVIOR_AFTER_NOTICE' : 'NEW_CHARGE_AFTER_NOTICE',
        used: [i],
        why: `moved up one tier from ${from}: ${act ?? 'new DV charge'} (${named(i)})${after}`,
      });
    }
  }
  return out;
}

function step(input: EngineInput, s: State, i: LedgerIncident): void {
  const p = input.policy;
  const ledger = input.ledger;
  const best = candidates(p, s, i, input.notices).reduce<Candidate | null>((a, c) => (a === null || tierRank(c.level) > tierRank(a.level) ? c : a), null);
  if (isDvCharge(p, i)) s.charged.push(i);
  if (!best || tierRank(best.level) <= tierRank(s.level)) return;
  s.level = best.level;
  const template = `Tier ${best.level} under policy ${input.policyVersion} (rule ${best.rule}): ${best.why}.`;
  const refs = refsOf(p, template, ledger);
  s.decision = {
    level: best.level,
    rule: best.rule,
    explanation: explanationText(template, refs, fullName),
    template,
    refs,
    incidentIds: best.used.map((u) => u.incidentId),
    triggerIncidentId: i.incidentId,
    effectiveAt: i.occurredAt,
  };
}

const byTime = (a: LedgerIncident, b: LedgerIncident) =>
  a.occurredAt.getTime() - b.occurredAt.getTime() || (a.incidentId < b.incidentId ? -1 : a.incidentId > b.incidentId ? 1 : 0);

/** The tier the policy gives the offender at `input.now`; null when no incident makes them eligible. */
export function assignTier(input: EngineInput): TierDecision | null {
  const now = input.now.getTime();
  const incidents = input.ledger.filter((i) => i.occurredAt.getTime() <= now && isEligible(input.policy, i)).sort(byTime);
  const notices = { ...input, notices: input.notices.filter((n) => n.deliveredAt.getTime() <= now) };
  const overrides = input.overrides.filter((o) => o.at.getTime() <= now).sort((a, b) => a.at.getTime() - b.at.getTime());
  const s: State = { level: null, charged: [], decision: null };
  let o = 0;
  for (const i of incidents) {
    for (; o < overrides.length && overrides[o]!.at.getTime() <= i.occurredAt.getTime(); o++) applyOverride(s, overrides[o]!);
    step(notices, s, i);
  }
  for (; o < overrides.length; o++) applyOverride(s, overrides[o]!);
  return s.decision;
}

function applyOverride(s: State, o: Override): void {
  s.level = o.level;
  s.decision = {
    level: o.level,
    rule: 'MANUAL_OVERRIDE',
    explanation: `Tier ${o.level} set by a coordinator's override.`,
    template: null,
    refs: [],
    incidentIds: [],
    triggerIncidentId: null,
    effectiveAt: o.at,
  };
}
