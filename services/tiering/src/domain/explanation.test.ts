import { DEFAULT_SHARING, type SharingAgreement } from '@ipvi/core';
import type { IncidentRef } from '../engine/assign';
import type { AssignmentRow } from '../repositories/assignment.repository';
import type { TieringScope } from '../repositories/scope';
import { explanationFor, incidentsFor } from './explanation';

const own: IncidentRef = {
  incidentId: 'i-own',
  rmsNumber: 'HP-1',
  agencyOri: 'NC0410200',
  day: '2025-05-01',
  dvCharge: true,
  charges: [{ statute: '14-33(c)(2)', description: 'Assault on a female' }],
};
const other: IncidentRef = {
  incidentId: 'i-other',
  rmsNumber: 'TV-9',
  agencyOri: 'NC0410300',
  day: '2025-06-03',
  dvCharge: true,
  charges: [{ statute: '14-33(c)(1)', description: 'Assault on a female' }],
};
const call: IncidentRef = { ...other, incidentId: 'i-call', rmsNumber: 'TV-10', dvCharge: false, charges: [] };

function row(over: Partial<AssignmentRow> = {}): AssignmentRow {
  return {
    id: 'a',
    offenderId: 'o',
    agencyOri: 'NC0410300',
    level: 'B',
    previousLevel: 'C',
    rule: 'SECOND_DV_CHARGE',
    explanation: 'Tier B (rule SECOND_DV_CHARGE): second DV charge: HP-1 on 2025-05-01, TV-9 on 2025-06-03.',
    template: 'Tier B (rule SECOND_DV_CHARGE): second DV charge: {{incident:i-own}}, {{incident:i-other}}; earlier call {{incident:i-call}}.',
    refs: [own, other, call],
    assignedAt: new Date(),
    effectiveAt: new Date(),
    policyVersion: 'p1',
    incidentIds: ['i-own', 'i-other'],
    triggerIncidentId: 'i-other',
    assignedBy: 'svc-tiering',
    justification: null,
    ...over,
  };
}
const scope = (sharing: Partial<SharingAgreement> = {}, incidentAgencies = ['NC0410200']): TieringScope => ({
  incidentAgencies,
  recordAgencies: incidentAgencies,
  notificationAgencies: incidentAgencies,
  partnerNotifications: true,
  sharing: { ...DEFAULT_SHARING, ...sharing },
});
const none = () => undefined;

describe('a tier explanation as each caller reads it', () => {
  it('names its own incidents in full and another agency’s only by agency and day (the default agreement)', () => {
    const text = explanationFor(row(), scope(), none);
    expect(text).toBe(
      'Tier B (rule SECOND_DV_CHARGE): second DV charge: HP-1 on 2025-05-01, a DV charge recorded by NC0410300 on 2025-06-03; earlier call an incident recorded by NC0410300 on 2025-06-03.',
    );
    expect(text).not.toMatch(/TV-9|14-33\(c\)\(1\)/);
  });

  it('adds the RMS number or the charges only when the agreement shares them', () => {
    expect(explanationFor(row(), scope({ rmsNumbers: true }), none)).toContain('a DV charge recorded by NC0410300 on 2025-06-03 (RMS TV-9)');
    const charges = explanationFor(row(), scope({ charges: true }), none);
    expect(charges).toContain('(charges: 14-33(c)(1) Assault on a female)');
    expect(charges).not.toContain('TV-9');
  });

  it('names everything for a caller who may see both agencies’ incidents (prosecutors)', () => {
    expect(explanationFor(row(), scope({}, ['NC0410200', 'NC0410300']), none)).toContain('HP-1 on 2025-05-01, TV-9 on 2025-06-03');
  });

  it('withholds an explanation stored without a template when it names another agency’s incident', () => {
    const legacy = row({ template: null, refs: null });
    const agencyOf = (id: string) => ({ 'i-own': 'NC0410200', 'i-other': 'NC0410300' })[id];
    expect(explanationFor(legacy, scope(), agencyOf)).toBe(
      'Tier B under policy p1 (rule SECOND_DV_CHARGE); the explanation names incidents of another agency and is not shown.',
    );
    expect(explanationFor(legacy, scope({}, ['NC0410200', 'NC0410300']), agencyOf)).toBe(legacy.explanation);
    // An incident whose agency is unknown counts as another agency's.
    expect(explanationFor(legacy, scope({}, ['NC0410200', 'NC0410300']), none)).not.toContain('TV-9');
  });

  it('lists the incidents the caller may see and counts the others', () => {
    expect(incidentsFor(row(), scope(), none)).toEqual({ visible: ['i-own'], others: 1 });
    expect(incidentsFor(row({ refs: null }), scope(), (id) => (id === 'i-own' ? 'NC0410200' : undefined))).toEqual({ visible: ['i-own'], others: 1 });
  });
});
