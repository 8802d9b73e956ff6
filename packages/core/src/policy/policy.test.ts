import { ROLES } from '../identity/principal';
import { decide, rowScope } from './policy';

describe('policy', () => {
  it('keeps criminal-justice information from advocates and analysts', () => {
    expect(decide(['ADVOCATE'], 'CJI')).toBe('deny');
    expect(decide(['ANALYST'], 'CJI')).toBe('deny');
    expect(decide(['OFFICER'], 'CJI')).toBe('allow');
  });
  it('keeps advocates confidential data from every police role', () => {
    for (const r of ['OFFICER', 'DV_DETECTIVE', 'COORDINATOR', 'PROSECUTOR'] as const) expect(decide([r], 'VICTIM_CONFIDENTIAL')).toBe('deny');
  });
  it('gates consented victim data for police on consent', () => {
    expect(decide(['OFFICER'], 'VICTIM_CONSENTED')).toBe('consent');
  });
  it('takes the most permissive decision of several roles', () => {
    expect(decide(['ANALYST', 'OFFICER'], 'CJI')).toBe('allow');
  });
  it('lets analysts see only aggregates', () => {
    expect(decide(['ANALYST'], 'DEIDENTIFIED_AGGREGATE')).toBe('allow');
    expect(decide(['ANALYST'], 'POLICE_OPERATIONAL')).toBe('deny');
  });
  it('reserves coordination writes (tier policy, overrides, gate waivers) to coordinators', () => {
    expect(decide(['COORDINATOR'], 'COORDINATION', 'write')).toBe('allow');
    for (const r of ['OFFICER', 'DV_DETECTIVE', 'PROSECUTOR', 'ADVOCATE'] as const) expect(decide([r], 'COORDINATION', 'write')).toBe('deny');
    expect(decide(['ADVOCATE'], 'COORDINATION')).toBe('deny');
  });
  it('gives row scopes by role', () => {
    expect(rowScope(['OFFICER'], 'incident')).toBe('OWN_AGENCY');
    expect(rowScope(['ADVOCATE'], 'incident')).toBe('REFERRED');
    expect(rowScope(['ANALYST'], 'incident')).toBe('NONE');
  });
  it("gives criminal history on the feed to tiering's principal only, never to victim-services'", () => {
    expect(decide(['SERVICE_TIERING'], 'SERVICE_FEED_CJI')).toBe('allow');
    expect(decide(['SERVICE_VICTIM_SERVICES'], 'SERVICE_FEED_CJI')).toBe('deny');
    expect(decide(['SERVICE_VICTIM_SERVICES'], 'CJI')).toBe('deny');
  });
  it('gives service principals the feed, not incident rows', () => {
    expect(rowScope(['SERVICE_TIERING'], 'incident')).toBe('NONE');
    expect(rowScope(['SERVICE_VICTIM_SERVICES'], 'incident')).toBe('NONE');
  });
  it('opens the audit trail, and its rows, to auditors only', () => {
    for (const r of ROLES) {
      expect(decide([r], 'AUDIT')).toBe(r === 'AUDITOR' ? 'allow' : 'deny');
      expect(rowScope([r], 'auditEvent')).toBe(r === 'AUDITOR' ? 'PARTNERSHIP' : 'NONE');
    }
  });
});
