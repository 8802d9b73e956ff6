import { CLOCK_SKEW_MS, SCALAR_REASONS } from '@ipvi/core';
import { validateIncident } from './incident-input';

const now = new Date('2026-06-01T12:00:00Z');
const opts = { now, agencies: ['NC0410200'], partnerAgencies: ['NC0410200', 'NC0410300'] };

function input(over: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    agencyOri: 'NC0410200',
    rmsNumber: 'HP2026-000123',
    occurredAt: '2026-05-30T22:15:00-04:00',
    offenses: ['13B'],
    relationshipCode: 'BG',
    arrestMade: true,
    offender: { name: 'Test Offender', dateOfBirth: '1990-04-12' },
    victims: [{ name: 'Test Victim', dateOfBirth: '1992-01-05', phone: '(336) 555-0142', injury: 'M' }],
    charges: [{ statute: 'G.S. 14-33(c)(2)', description: 'Assault on a female', dvRelated: true, felony: false, chargedOn: '2026-05-31' }],
    ...over,
  };
}

const fields = (over: Record<string, unknown>) => validateIncident(input(over), opts).problems.map((p) => p.field);

describe('validateIncident', () => {
  it('normalizes a valid input: UTC time, E.164 phone, bare statute, pending disposition', () => {
    const { value, problems } = validateIncident(input(), opts);
    expect(problems).toEqual([]);
    expect(value!.occurredAt).toBe('2026-05-31T02:15:00.000Z');
    expect(value!.victims[0]!.phone).toBe('+13365550142');
    expect(value!.charges[0]).toMatchObject({ statute: '14-33(c)(2)', disposition: 'PENDING' });
    expect(value!.lethalityScreen).toBeUndefined();
  });

  it('allows the one clock skew of core (not a second rule of its own)', () => {
    expect(fields({ occurredAt: new Date(now.getTime() + CLOCK_SKEW_MS).toISOString() })).toEqual([]);
    expect(fields({ occurredAt: new Date(now.getTime() + CLOCK_SKEW_MS + 1000) })).toEqual(['input.occurredAt']);
  });

  it("takes the DateTime scalar's Date as the import's text, and treats a blank optional text as absent", () => {
    const { value } = validateIncident(input({ occurredAt: new Date('2026-05-31T02:15:00Z'), location: '  ', reportedAt: '' }), opts);
    expect(value).toMatchObject({ occurredAt: '2026-05-31T02:15:00.000Z', location: null, reportedAt: null });
  });

  it('names the offense that is not a NIBRS code', () => {
    const { problems } = validateIncident(input({ offenses: ['13B', '99X'] }), opts);
    expect(problems).toEqual([{ field: 'input.offenses[1]', reason: 'is not a known NIBRS offense code' }]);
  });

  it.each([
    ['an impossible date', '2026-02-30T10:00:00Z', SCALAR_REASONS.DateTime],
    ['a time in the future', '2026-06-02T12:00:00Z', 'must not be in the future'],
    ['a time without a zone', '2026-05-30T22:15:00', SCALAR_REASONS.DateTime],
  ])('rejects %s for occurredAt', (_, occurredAt, reason) => {
    expect(validateIncident(input({ occurredAt }), opts).problems).toEqual([{ field: 'input.occurredAt', reason }]);
  });

  it('requires a relationship code for a crime against a person, not for a 90Z alone', () => {
    const { problems } = validateIncident(input({ relationshipCode: null }), opts);
    expect(problems).toEqual([{ field: 'input.relationshipCode', reason: 'is required for a crime against a person (13B)' }]);
    expect(fields({ relationshipCode: null, offenses: ['90Z'], charges: [] })).toEqual([]);
  });

  it.each(['NC041020', 'N10410200', 'NC0410200X', 'nc04102-0'])('rejects the ORI %s', (agencyOri) => {
    expect(fields({ agencyOri })).toEqual(['input.agencyOri']);
  });

  it('refuses an agency outside the writer scope', () => {
    expect(validateIncident(input({ agencyOri: 'NC0410300' }), opts).problems[0]!.reason).toBe('is not an agency you may record for');
  });

  it('names nested fields: victim date of birth, charge statute, offender', () => {
    expect(fields({ victims: [{ name: 'A B', dateOfBirth: '1990-02-30' }] })).toEqual(['input.victims[0].dateOfBirth']);
    expect(fields({ charges: [{ statute: 'assault', description: 'x', dvRelated: true, felony: false }] })).toEqual(['input.charges[0].statute']);
    expect(fields({ offender: { name: 'Only Name' } })).toEqual(['input.offender.dateOfBirth']);
    expect(fields({ offender: { id: 'not-a-uuid' } })).toEqual(['input.offender.id']);
  });

  it('codes a protective-order violation as 90Z with G.S. 50B-4.1', () => {
    const charge = { statute: '50B-4.1(a)', description: 'Violation of a DV protective order', dvRelated: true, felony: false };
    expect(fields({ charges: [charge] })).toEqual(['input.charges[0].statute']);
    expect(fields({ charges: [charge], offenses: ['13B', '90Z'] })).toEqual([]);
    expect(fields({ violatedProtectiveOrderNumber: '26CVD001234' })).toEqual(['input.violatedProtectiveOrderNumber']);
  });

  it('knows which offenses NIBRS reports only as completed', () => {
    expect(fields({ offenses: ['13A', '100'], attemptedOffenses: ['100'] })).toEqual([]);
    expect(fields({ offenses: ['13A'], attemptedOffenses: ['13A'] })).toEqual(['input.attemptedOffenses[0]']);
    expect(fields({ attemptedOffenses: ['11A'] })).toEqual(['input.attemptedOffenses[0]']);
  });

  it('validates a lethality screen: Q1-3 answered unless declined, no answers when declined', () => {
    const answered = { usedWeapon: false, threatenedToKill: true, thinksMightKill: false };
    expect(fields({ lethalityScreen: answered })).toEqual([]);
    expect(validateIncident(input({ lethalityScreen: answered }), opts).value!.lethalityScreen!.screenedAt).toBe('2026-05-31T02:15:00.000Z');
    expect(fields({ lethalityScreen: { usedWeapon: false } })).toEqual(['input.lethalityScreen.threatenedToKill']);
    expect(fields({ lethalityScreen: { declined: true, hasGun: true } })).toEqual(['input.lethalityScreen.hasGun']);
  });

  it('reports every problem of an input, each under its own field', () => {
    expect(fields({ agencyOri: 'X', offenses: ['ZZZ'], arrestMade: 'yes' })).toEqual(['input.agencyOri', 'input.offenses[0]', 'input.arrestMade']);
  });
});

describe('problem order', () => {
  it('reports the offense, the missing relationship code and the statute in input order', () => {
    const { problems } = validateIncident(
      input({ offenses: ['13B', '99X'], relationshipCode: null, charges: [{ statute: 'assault', description: 'x', dvRelated: true, felony: false }] }),
      opts,
    );
    expect(problems).toEqual([
      { field: 'input.offenses[1]', reason: 'is not a known NIBRS offense code' },
      { field: 'input.relationshipCode', reason: 'is required for a crime against a person (13B)' },
      { field: 'input.charges[0].statute', reason: 'is not a General Statutes citation, e.g. 14-33(c)(2)' },
    ]);
  });
});
