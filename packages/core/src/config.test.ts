import { ConfigError, agencyKind, loadConfig, processEnvironment } from './config';

describe('loadConfig', () => {
  it('refuses the retired NOTIFICATION_CLEARANCE_HOURS, pointing at the tier policy that holds the window now', () => {
    expect(() => loadConfig({ NOTIFICATION_CLEARANCE_HOURS: '48' })).toThrow(ConfigError);
    expect(() => loadConfig({ NOTIFICATION_CLEARANCE_HOURS: '48' })).toThrow(/clearanceWaitHours/);
    expect(loadConfig({}).victimServices).toEqual({ consentMaxDays: 365 });
  });
});

describe('processEnvironment', () => {
  it("hands child processes Apollo's telemetry switch turned off", () => {
    expect(processEnvironment().APOLLO_TELEMETRY_DISABLED).toBe('true');
  });
});

describe('partnership configuration', () => {
  it('normalises agency ids and refuses agencies the partnership does not configure', () => {
    const c = loadConfig({ POLICE_AGENCIES: ' nc0410200 ,NC0410300', ADVOCACY_AGENCIES: 'adv-a=nc0410200;ADV-B=NC0410300' });
    expect(c.partnership.policeAgencies).toEqual(['NC0410200', 'NC0410300']);
    expect(c.partnership.advocacyAgencies).toEqual({ 'ADV-A': ['NC0410200'], 'ADV-B': ['NC0410300'] });
    expect(() => loadConfig({ POLICE_AGENCIES: 'NC0410200', ADVOCACY_AGENCIES: 'ADV-A=NC0410300' })).toThrow(
      /ADV-A serves NC0410300, which is not in POLICE_AGENCIES/,
    );
    expect(() => loadConfig({ POLICE_AGENCIES: 'NC0410200', COORDINATION_AGENCIES: 'IPVI-TEAM' })).toThrow(/COORDINATION_AGENCIES: IPVI-TEAM/);
  });

  it('knows offender-service providers (PROVIDER_AGENCIES, the demo one by default) and keeps each agency to one kind', () => {
    const c = loadConfig({ PROVIDER_AGENCIES: ' bip-a , TRT-B' });
    expect(c.partnership.providerAgencies).toEqual(['BIP-A', 'TRT-B']);
    expect(agencyKind(c, 'bip-a')).toBe('provider');
    expect(agencyKind(c, 'NC0410200')).toBe('police');
    expect(agencyKind(c, 'ADV-FSP-01')).toBe('advocacy');
    expect(loadConfig({}).partnership.providerAgencies).toEqual(['BIP-DEMO-01']);
    expect(() => loadConfig({ PROVIDER_AGENCIES: 'NC0410200' })).toThrow(/PROVIDER_AGENCIES: NC0410200 is also a police or advocacy agency/);
    expect(() => loadConfig({ PROVIDER_AGENCIES: 'ADV-FSP-01' })).toThrow(/one kind only/);
    expect(() => loadConfig({ PROVIDER_AGENCIES: 'BIP A' })).toThrow(/PROVIDER_AGENCIES must list ids/);
    expect(() => loadConfig({ PROVIDER_AGENCIES: 'BIP-A,bip-a' })).toThrow(/names an agency twice/);
  });

  it('shares the tier level, tier history and notifications by default, never RMS numbers, charges or narratives', () => {
    expect(loadConfig({}).partnership.sharing).toEqual({
      tierLevel: true,
      tierHistory: true,
      notifications: true,
      rmsNumbers: false,
      charges: false,
      narratives: false,
    });
    expect(loadConfig({ PARTNERSHIP_SHARING: 'tier_level,CHARGES' }).partnership.sharing).toEqual({
      tierLevel: true,
      tierHistory: false,
      notifications: false,
      rmsNumbers: false,
      charges: true,
      narratives: false,
    });
    expect(() => loadConfig({ PARTNERSHIP_SHARING: 'EVERYTHING' })).toThrow(/PARTNERSHIP_SHARING may only list/);
  });
});

describe('database pools', () => {
  it('keeps 10 connections per subgraph at most by default; an operator sets DB_POOL_SIZE (at least 1)', () => {
    expect(loadConfig({}).dbPoolSize).toBe(10);
    expect(loadConfig({ DB_POOL_SIZE: '4' }).dbPoolSize).toBe(4);
    expect(() => loadConfig({ DB_POOL_SIZE: '0' })).toThrow(/DB_POOL_SIZE must be at least 1/);
    expect(() => loadConfig({ DB_POOL_SIZE: 'many' })).toThrow(/DB_POOL_SIZE must be an integer/);
  });
});

describe('analytics configuration', () => {
  it('suppresses counts below 11 by default; a site sets SUPPRESSION_THRESHOLD (at least 2)', () => {
    expect(loadConfig({}).analytics.threshold).toBe(11);
    expect(loadConfig({ SUPPRESSION_THRESHOLD: '5' }).analytics.threshold).toBe(5);
    expect(() => loadConfig({ SUPPRESSION_THRESHOLD: '1' })).toThrow(/SUPPRESSION_THRESHOLD must be at least 2/);
  });
});
