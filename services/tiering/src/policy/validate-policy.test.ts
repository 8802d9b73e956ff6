import { InputError } from '@ipvi/core';
import { DEFAULT_POLICY } from './default-policy';
import { validateTierPolicy } from './validate-policy';

/** A policy document taken apart by a test: any JSON shape (the validator must refuse what the test breaks). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the spoilers write arbitrary JSON into the document on purpose
type Spoilable = any;

describe('validateTierPolicy', () => {
  it('accepts the default policy as it is (it round-trips through JSON)', () => {
    expect(validateTierPolicy(JSON.parse(JSON.stringify(DEFAULT_POLICY)))).toEqual(DEFAULT_POLICY);
  });

  it.each([
    ['a missing tier', (p: Spoilable) => delete p.tiers.B, 'input.rules.tiers.B'],
    ['an unknown notification type', (p: Spoilable) => (p.tiers.D.notification = 'EMAIL'), 'input.rules.tiers.D.notification'],
    ['an unknown service', (p: Spoilable) => (p.tiers.C.servicesOffered = ['BATTERER_INTERVENTION', 'YOGA']), 'input.rules.tiers.C.servicesOffered[1]'],
    ['a fractional due time', (p: Spoilable) => (p.tiers.D.dueHours = 1.5), 'input.rules.tiers.D.dueHours'],
    ['counting nothing as a DV charge', (p: Spoilable) => (p.dvCharge = { arrestCounts: false, dvRelatedChargeCounts: false }), 'input.rules.dvCharge'],
  ])('refuses %s, naming the path', (_name, spoil, field) => {
    const p = JSON.parse(JSON.stringify(DEFAULT_POLICY));
    spoil(p);
    try {
      validateTierPolicy(p);
      throw new Error('accepted');
    } catch (e) {
      expect(e).toBeInstanceOf(InputError);
      expect((e as InputError).field).toBe(field);
    }
  });

  it('names every problem at once, with its reason and never the value', () => {
    const p = JSON.parse(JSON.stringify(DEFAULT_POLICY));
    p.tiers.D.notification = 'EMAIL';
    p.tiers.A.dueHours = 0;
    p.summary = '   ';
    p.escalation.noticeGivenOutcomes = ['DELIVERED', 'REFUSD'];
    let problems: InputError['problems'] = [];
    try {
      validateTierPolicy(p);
    } catch (e) {
      problems = (e as InputError).problems;
    }
    expect(problems).toEqual([
      { field: 'input.rules.summary', reason: 'must not be empty' },
      {
        field: 'input.rules.escalation.noticeGivenOutcomes[1]',
        reason: 'must be one of the values of DeliveryOutcome (DELIVERED, REFUSED, NOT_LOCATED, IN_CUSTODY); the closest is REFUSED',
      },
      { field: 'input.rules.tiers.D.notification', reason: 'must be one of the values of NotificationType (LETTER, FACE_TO_FACE, CALL_IN, CUSTOM_LETTER)' },
      { field: 'input.rules.tiers.A.dueHours', reason: 'must be between 1 and 8760' },
    ]);
    expect(JSON.stringify(problems)).not.toMatch(/EMAIL|REFUSD/);
  });
});
