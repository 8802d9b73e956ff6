import { principalFromClaims, roleConflict } from './principal';

describe('principalFromClaims', () => {
  const claims = (roles: string[]) => ({ sub: 's-1', agency: 'NC0410200', roles });

  it('accepts roles of one side of the VAWA firewall', () => {
    expect(principalFromClaims(claims(['OFFICER', 'DV_DETECTIVE']))?.roles).toEqual(['OFFICER', 'DV_DETECTIVE']);
    expect(principalFromClaims(claims(['ADVOCATE', 'ADVOCATE_SUPERVISOR']))).toBeDefined();
    expect(principalFromClaims(claims(['ANALYST', 'AUDITOR']))).toBeDefined();
  });

  it('refuses an identity holding criminal-justice and advocate roles at once', () => {
    expect(principalFromClaims(claims(['OFFICER', 'ADVOCATE']))).toBeUndefined();
    expect(principalFromClaims(claims(['PROSECUTOR', 'ADVOCATE_SUPERVISOR']))).toBeUndefined();
    expect(roleConflict(['OFFICER', 'ADVOCATE'])).toMatch(/VAWA/);
  });

  it('refuses a service role combined with any other role', () => {
    expect(principalFromClaims(claims(['SERVICE_TIERING', 'OFFICER']))).toBeUndefined();
    expect(principalFromClaims(claims(['SERVICE_TIERING']))).toBeDefined();
  });

  it('refuses unknown roles and missing claims', () => {
    expect(principalFromClaims(claims(['OFFICER', 'ROOT']))).toBeUndefined();
    expect(principalFromClaims({ sub: 's-1', roles: ['OFFICER'] })).toBeUndefined();
  });
});
