import { DEFAULT_POLICY, DEFAULT_POLICY_VERSION } from '../policy/default-policy';
import type { Tier, TierPolicyRules } from '../policy/tier-policy';
import { assignTier, type LedgerIncident, type NoticeGiven, type Override } from './assign';
import { notificationPlan } from './schedule';

/** An eligible (intimate-partner) incident on a given day; override any field. */
function inc(dayOfMonth: number, over: Partial<LedgerIncident> = {}): LedgerIncident {
  return {
    incidentId: `00000000-0000-4000-8000-${String(dayOfMonth).padStart(12, '0')}`,
    rmsNumber: `HP${dayOfMonth}`,
    agencyOri: 'NC0410200',
    occurredAt: new Date(Date.UTC(2026, 2, dayOfMonth, 12)),
    isIntimatePartner: true,
    relationshipCode: 'BG',
    arrestMade: false,
    offenseCodes: ['13B'],
    protectiveOrderViolation: false,
    weaponInvolved: false,
    charges: [],
    ...over,
  };
}
const charged = { arrestMade: true };
const dvCharge = { charges: [{ statute: '14-33(c)(1)', description: 'Assault on a female', dvRelated: true, felony: false }] };
const felony = {
  arrestMade: true,
  charges: [{ statute: '14-32.4', description: 'Assault inflicting serious injury by strangulation', dvRelated: true, felony: true }],
};
const po = { protectiveOrderViolation: true, offenseCodes: ['90Z'] };
const delivered = (tier: Tier, dayOfMonth: number): NoticeGiven => ({
  tierAtNotice: tier,
  outcome: 'DELIVERED',
  deliveredAt: new Date(Date.UTC(2026, 2, dayOfMonth, 9)),
});
const NOW = new Date(Date.UTC(2026, 5, 1));

function run(ledger: LedgerIncident[], notices: NoticeGiven[] = [], overrides: Override[] = [], policy: TierPolicyRules = DEFAULT_POLICY) {
  return assignTier({ policyVersion: DEFAULT_POLICY_VERSION, policy, ledger, notices, overrides, now: NOW });
}

describe('the default High Point policy, rule by rule', () => {
  it.each<[string, LedgerIncident[], NoticeGiven[], Tier | null, string | null]>([
    ['an uncharged intimate-partner call: D', [inc(1)], [], 'D', 'DV_CALL_NO_ARREST'],
    ['a non-intimate family incident: no tier', [inc(1, { isIntimatePartner: false, relationshipCode: 'PA', arrestMade: true })], [], null, null],
    [
      'an IP relationship code without the flag is still eligible',
      [inc(1, { isIntimatePartner: false, relationshipCode: 'XS' })],
      [],
      'D',
      'DV_CALL_NO_ARREST',
    ],
    ['a first charge by arrest: C', [inc(1, charged)], [], 'C', 'FIRST_DV_CHARGE'],
    ['a first DV-related charge without an arrest: C', [inc(1, dvCharge)], [], 'C', 'FIRST_DV_CHARGE'],
    [
      'a non-DV charge alone is not a DV charge: D',
      [inc(1, { charges: [{ statute: 'x', description: 'Littering', dvRelated: false, felony: false }] })],
      [],
      'D',
      'DV_CALL_NO_ARREST',
    ],
    ['D, then a first charge: C', [inc(1), inc(5, charged)], [], 'C', 'FIRST_DV_CHARGE'],
    ['a second charge: B, with or without notice', [inc(1, charged), inc(5, charged)], [], 'B', 'SECOND_DV_CHARGE'],
    ['a prohibited act after C notice: B', [inc(1, charged), inc(9, po)], [delivered('C', 4)], 'B', 'PROHIBITED_BEHAVIOR_AFTER_NOTICE'],
    ['a prohibited act before the C notice was delivered: stays C', [inc(1, charged), inc(9, po)], [delivered('C', 12)], 'C', 'FIRST_DV_CHARGE'],
    [
      'a notice that was not delivered does not count',
      [inc(1, charged), inc(9, po)],
      [{ ...delivered('C', 4), outcome: 'NOT_LOCATED' }],
      'C',
      'FIRST_DV_CHARGE',
    ],
    ['a prohibited act after D notice: up one tier to C', [inc(1), inc(9, po)], [delivered('D', 3)], 'C', 'PROHIBITED_BEHAVIOR_AFTER_NOTICE'],
    ['a repeat uncharged call after D notice: stays D', [inc(1), inc(9)], [delivered('D', 3)], 'D', 'DV_CALL_NO_ARREST'],
    ['a new charge after B notice: A', [inc(1, charged), inc(5, charged), inc(20, dvCharge)], [delivered('B', 10)], 'A', 'VIOLENT_HISTORY'],
    ['a prohibited act after B notice: A', [inc(1, charged), inc(5, charged), inc(20, po)], [delivered('B', 10)], 'A', 'PROHIBITED_BEHAVIOR_AFTER_NOTICE'],
    ['three DV charges: A', [inc(1, charged), inc(5, charged), inc(9, charged)], [], 'A', 'VIOLENT_HISTORY'],
    ['a weapon on a first incident: A directly', [inc(1, { weaponInvolved: true })], [], 'A', 'VIOLENT_HISTORY'],
    ['a felony DV charge: A directly', [inc(1, felony)], [], 'A', 'VIOLENT_HISTORY'],
    [
      'an ineligible incident does not count as a prior charge',
      [inc(1, { isIntimatePartner: false, relationshipCode: 'CH', arrestMade: true }), inc(5, charged)],
      [],
      'C',
      'FIRST_DV_CHARGE',
    ],
  ])('%s', (_name, ledger, notices, level, rule) => {
    const d = run(ledger, notices);
    expect(d?.level ?? null).toBe(level);
    expect(d?.rule ?? null).toBe(rule);
  });
});

describe('movement', () => {
  it('never demotes: an uncharged call after C leaves the offender at C', () => {
    expect(run([inc(1, charged), inc(9)])!.level).toBe('C');
  });

  it('keeps the first decision that reached the tier (a later non-raising incident changes nothing)', () => {
    const first = run([inc(1, charged)])!;
    const later = run([inc(1, charged), inc(9)])!;
    expect(later).toEqual(first);
  });

  it('an override sets the tier, and escalation counts from there', () => {
    const overrides: Override[] = [{ level: 'B', at: new Date(Date.UTC(2026, 2, 3)) }];
    expect(run([inc(1)], [], overrides)!.rule).toBe('MANUAL_OVERRIDE');
    const after = run([inc(1), inc(9, po)], [delivered('B', 5)], overrides)!;
    expect(after.level).toBe('A');
    expect(after.rule).toBe('PROHIBITED_BEHAVIOR_AFTER_NOTICE');
  });

  it('ignores incidents and notices after `now`', () => {
    const d = assignTier({
      policyVersion: 'v',
      policy: DEFAULT_POLICY,
      ledger: [inc(1), inc(9, charged)],
      notices: [],
      overrides: [],
      now: new Date(Date.UTC(2026, 2, 5)),
    });
    expect(d!.level).toBe('D');
  });
});

describe('explanations and determinism', () => {
  it('names the incidents used, by RMS number and date, and the policy version', () => {
    const d = run([inc(1, charged), inc(5, charged)])!;
    expect(d.explanation).toContain('HP1 on 2026-03-01');
    expect(d.explanation).toContain('HP5 on 2026-03-05');
    expect(d.explanation).toContain(DEFAULT_POLICY_VERSION);
    expect(d.incidentIds).toHaveLength(2);
    expect(d.triggerIncidentId).toBe(inc(5).incidentId);
  });

  it('keeps a template naming each incident by placeholder, with the references to render it per caller', () => {
    const d = run([inc(1, charged), inc(5, { ...dvCharge, agencyOri: 'NC0410300' })])!;
    expect(d.template).toContain(`{{incident:${inc(1).incidentId}}}`);
    expect(d.template).toContain(`{{incident:${inc(5).incidentId}}}`);
    expect(d.template).not.toMatch(/HP1|HP5/);
    expect(d.refs.map((r) => [r.rmsNumber, r.agencyOri, r.day, r.dvCharge])).toEqual([
      ['HP1', 'NC0410200', '2026-03-01', true],
      ['HP5', 'NC0410300', '2026-03-05', true],
    ]);
    expect(d.refs[1]!.charges).toEqual([{ statute: '14-33(c)(1)', description: 'Assault on a female' }]);
  });

  it('gives the same answer whatever order the ledger arrives in', () => {
    const ledger = [inc(1), inc(5, charged), inc(9, po), inc(12, charged)];
    const notices = [delivered('C', 7)];
    const a = run(ledger, notices);
    expect(run([...ledger].reverse(), notices)).toEqual(a);
    expect(run([ledger[2]!, ledger[0]!, ledger[3]!, ledger[1]!], notices)).toEqual(a);
  });

  it('follows the policy data: a site that counts only DV-flagged charges tiers an arrest without one as D', () => {
    const site: TierPolicyRules = { ...DEFAULT_POLICY, dvCharge: { arrestCounts: false, dvRelatedChargeCounts: true } };
    expect(run([inc(1, charged)], [], [], site)!.level).toBe('D');
    expect(run([inc(1, dvCharge)], [], [], site)!.level).toBe('C');
  });
});

describe('notification plans', () => {
  it('dates the D letter 48 h after the incident and the C face-to-face from the assignment', () => {
    const now = new Date(Date.UTC(2026, 2, 2, 8));
    const d = run([inc(1)])!;
    const planD = notificationPlan(DEFAULT_POLICY, d, now);
    expect(planD.type).toBe('LETTER');
    expect(planD.dueAt.toISOString()).toBe('2026-03-03T12:00:00.000Z');
    expect(planD.gateDeadline.toISOString()).toBe('2026-03-03T08:00:00.000Z');
    const planC = notificationPlan(DEFAULT_POLICY, run([inc(1, charged)])!, now);
    expect(planC.type).toBe('FACE_TO_FACE');
    expect(planC.dueAt.toISOString()).toBe('2026-03-05T08:00:00.000Z');
    expect(notificationPlan(DEFAULT_POLICY, run([inc(1, felony)])!, now).type).toBe('CUSTOM_LETTER');
  });
});
