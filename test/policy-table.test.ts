/**
 * The policy's content against the domain: every cell of packages/core/src/policy/policy.ts (read and
 * write decisions per role and data class, and row scopes) equals the table written by hand from
 * ../shared/docs/domain.md in test/authz/expected-policy.ts. A difference is a policy that no longer
 * says what the domain says (or a domain rule that changed: then change the hand-written cell, citing it).
 */
import { DATA_CLASSES, RESOURCES, ROLES, decide, rowScope } from '@ipvi/core';
import { EXPECTED_READ, EXPECTED_SCOPE, EXPECTED_WRITE, expectedDecision, expectedScope } from './authz/expected-policy';

describe('the policy, cell by cell, against the table written from domain.md', () => {
  it('has a hand-written row for every data class and resource, and a cell for every role', () => {
    for (const table of [EXPECTED_READ, EXPECTED_WRITE]) {
      expect(Object.keys(table).sort()).toEqual([...DATA_CLASSES].sort());
      for (const cells of Object.values(table)) expect(Object.keys(cells).sort()).toEqual([...ROLES].sort());
    }
    expect(Object.keys(EXPECTED_SCOPE).sort()).toEqual([...RESOURCES].sort());
    for (const cells of Object.values(EXPECTED_SCOPE)) expect(Object.keys(cells).sort()).toEqual([...ROLES].sort());
  });

  it.each(['read', 'write'] as const)('decides every %s as the domain says', (access) => {
    const wrong = DATA_CLASSES.flatMap((cls) =>
      ROLES.flatMap((role) => {
        const [want, got] = [expectedDecision(role, cls, access), decide([role], cls, access)];
        return want === got ? [] : [`${access} ${cls} by ${role}: the domain says ${want}, the policy says ${got}`];
      }),
    );
    expect(wrong).toEqual([]);
  });

  it('gives every role the row scope the domain says', () => {
    const wrong = RESOURCES.flatMap((res) =>
      ROLES.flatMap((role) => {
        const [want, got] = [expectedScope(role, res), rowScope([role], res)];
        return want === got ? [] : [`rows of ${res} for ${role}: the domain says ${want}, the policy says ${got}`];
      }),
    );
    expect(wrong).toEqual([]);
  });

  it('keeps the lines the domain draws hardest, whatever a cell says', () => {
    // WSW: advocates' own records go to police "never"; §5: no CHRI to advocates; Rules: analysts get aggregates only.
    for (const role of ['OFFICER', 'DV_DETECTIVE', 'COORDINATOR', 'PROSECUTOR'] as const) {
      expect([role, decide([role], 'VICTIM_CONFIDENTIAL')]).toEqual([role, 'deny']);
      expect([role, rowScope([role], 'client')]).toEqual([role, 'NONE']);
    }
    for (const role of ['ADVOCATE', 'ADVOCATE_SUPERVISOR', 'SERVICE_VICTIM_SERVICES'] as const) {
      expect([role, decide([role], 'CJI'), decide([role], 'SERVICE_FEED_CJI')]).toEqual([role, 'deny', 'deny']);
    }
    const analystReads = DATA_CLASSES.filter((cls) => decide(['ANALYST'], cls) !== 'deny');
    expect(analystReads.sort()).toEqual(['DEIDENTIFIED_AGGREGATE', 'PUBLIC_OPERATIONAL']);
  });

  it('gives an offender-service provider its referrals and nothing else (domain.md, "Offender-service providers")', () => {
    // "see only the referrals made to them ... (the person's name and the service) and record their status; never
    // incidents, victims, tiers or advocates' records": every other class is denied, reads and writes.
    expect(DATA_CLASSES.filter((cls) => decide(['SERVICE_PROVIDER'], cls) !== 'deny').sort()).toEqual(['PROVIDER_REFERRAL', 'PUBLIC_OPERATIONAL']);
    expect(DATA_CLASSES.filter((cls) => decide(['SERVICE_PROVIDER'], cls, 'write') !== 'deny')).toEqual(['PROVIDER_REFERRAL']);
    expect(RESOURCES.filter((res) => rowScope(['SERVICE_PROVIDER'], res) !== 'NONE')).toEqual(['providerReferral']);
    // Only the provider reads its view of a referral, and only tiering's own principal reads the name it copies onto one.
    expect(ROLES.filter((r) => decide([r], 'PROVIDER_REFERRAL') !== 'deny')).toEqual(['SERVICE_PROVIDER']);
    expect(ROLES.filter((r) => decide([r], 'REFERRAL_NAME') !== 'deny')).toEqual(['SERVICE_TIERING']);
  });
});
