import { ConfigError, loadConfig } from './config';

describe('loadConfig', () => {
  it('refuses the retired NOTIFICATION_CLEARANCE_HOURS, pointing at the tier policy that holds the window now', () => {
    expect(() => loadConfig({ NOTIFICATION_CLEARANCE_HOURS: '48' })).toThrow(ConfigError);
    expect(() => loadConfig({ NOTIFICATION_CLEARANCE_HOURS: '48' })).toThrow(/clearanceWaitHours/);
    expect(loadConfig({}).victimServices).toEqual({ consentMaxDays: 365 });
  });
});
