import { InputError, InputProblems, loadConfig } from '@ipvi/core';
import { validateConsent, type ConsentInput } from './consent-rules';

const now = new Date('2026-06-01T12:00:00Z');
const day = 24 * 3600 * 1000;
const config = (maxDays: number) => loadConfig({ HUB_ENV: 'test', CONSENT_MAX_DAYS: String(maxDays), POLICE_AGENCIES: 'NC0410200,NC0410300' });
const cfg365 = config(365);
const cfg30 = config(30);
const base: ConsentInput = {
  clientId: '5b0e7c1a-1111-4222-8333-944455556666',
  recipientAgency: 'NC0410200',
  purpose: 'follow-up contact',
  dataClasses: ['CONTACT_DETAILS'],
  signedAt: now,
  expiresAt: new Date(now.getTime() + 30 * day),
  signerName: 'A. Client',
  documentRef: 'doc-1',
};
const fieldOf = (f: () => unknown): string | undefined => {
  try {
    f();
  } catch (e) {
    if (e instanceof InputError) return e.field;
    throw e;
  }
  return undefined;
};

describe('consent rules', () => {
  it('accepts a 30-day consent of an adult', () => {
    expect(validateConsent(base, '1990-01-01', now, cfg365)).toMatchObject({ recipientAgency: 'NC0410200', guardianName: null });
  });

  it.each(['*', 'ALL', 'everyone', 'NC04*', 'NC0410200,NC0410300', '  ', '%'])('refuses the recipient %p (never everyone)', (recipientAgency) => {
    expect(fieldOf(() => validateConsent({ ...base, recipientAgency }, '1990-01-01', now, cfg365))).toBe('input.recipientAgency');
  });

  it('accepts only an agency of the partnership, stored normalised', () => {
    expect(validateConsent({ ...base, recipientAgency: ' nc0410300 ' }, '1990-01-01', now, cfg365).recipientAgency).toBe('NC0410300');
    expect(fieldOf(() => validateConsent({ ...base, recipientAgency: 'NC0999999' }, '1990-01-01', now, cfg365))).toBe('input.recipientAgency');
  });

  it('reports every broken rule at once', () => {
    try {
      validateConsent(
        { ...base, recipientAgency: 'EVERYONE', purpose: ' ', signedAt: new Date(now.getTime() + day), guardianName: null },
        '2015-01-01',
        now,
        cfg365,
      );
      throw new Error('accepted');
    } catch (e) {
      expect(e).toBeInstanceOf(InputProblems);
      expect((e as InputProblems).problems.map((p) => p.field)).toEqual(['input.recipientAgency', 'input.purpose', 'input.signedAt', 'input.guardianName']);
    }
  });

  it('caps the expiry at the site maximum after signing', () => {
    expect(fieldOf(() => validateConsent({ ...base, expiresAt: new Date(now.getTime() + 366 * day) }, '1990-01-01', now, cfg365))).toBe('input.expiresAt');
    expect(fieldOf(() => validateConsent({ ...base, expiresAt: new Date(now.getTime() + 365 * day) }, '1990-01-01', now, cfg365))).toBeUndefined();
    expect(fieldOf(() => validateConsent({ ...base, expiresAt: new Date(now.getTime() + 31 * day) }, '1990-01-01', now, cfg30))).toBe('input.expiresAt');
  });

  it('refuses an expiry in the past or before signing, and a signature in the future', () => {
    expect(
      fieldOf(() =>
        validateConsent({ ...base, signedAt: new Date(now.getTime() - 10 * day), expiresAt: new Date(now.getTime() - day) }, '1990-01-01', now, cfg365),
      ),
    ).toBe('input.expiresAt');
    expect(fieldOf(() => validateConsent({ ...base, signedAt: new Date(now.getTime() + day) }, '1990-01-01', now, cfg365))).toBe('input.signedAt');
  });

  it('requires a guardian for a client under 18 at signing, and not the day they turn 18', () => {
    expect(fieldOf(() => validateConsent(base, '2010-06-02', now, cfg365))).toBe('input.guardianName');
    expect(validateConsent({ ...base, guardianName: 'Parent' }, '2010-06-02', now, cfg365).guardianName).toBe('Parent');
    expect(fieldOf(() => validateConsent(base, '2008-06-01', now, cfg365))).toBeUndefined();
  });

  it('needs the date of birth to know whether a guardian must sign', () => {
    expect(fieldOf(() => validateConsent(base, null, now, cfg365))).toBe('input.clientId');
  });

  it('requires a document and at least one data class', () => {
    expect(fieldOf(() => validateConsent({ ...base, documentRef: ' ' }, '1990-01-01', now, cfg365))).toBe('input.documentRef');
    expect(fieldOf(() => validateConsent({ ...base, dataClasses: [] }, '1990-01-01', now, cfg365))).toBe('input.dataClasses');
  });
});
