/**
 * A tier assignment as one caller reads it. The engine stores the explanation as a template naming
 * incidents by placeholder; each caller reads its own agencies' incidents named in full (RMS number
 * and day) and another agency's as the sharing agreement allows: "a DV charge recorded by NC0410300
 * on 2025-06-03", with the RMS number or the charges only when the agreement shares them. Incident
 * lists name only incidents the caller may see and count the others.
 */
import { explanationText, fullName, type IncidentRef } from '../engine/assign';
import type { AssignmentRow } from '../repositories/assignment.repository';
import type { TieringScope } from '../repositories/scope';

/** How another agency's incident is named under the sharing agreement. */
export function partnerName(r: IncidentRef, scope: TieringScope): string {
  const what = r.dvCharge ? 'a DV charge' : 'an incident';
  const rms = scope.sharing.rmsNumbers ? ` (RMS ${r.rmsNumber})` : '';
  const charges = scope.sharing.charges && r.charges.length ? ` (charges: ${r.charges.map((c) => `${c.statute} ${c.description}`).join('; ')})` : '';
  return `${what} recorded by ${r.agencyOri} on ${r.day}${rms}${charges}`;
}

export const seesIncident = (scope: TieringScope, agencyOri: string | undefined) => agencyOri !== undefined && scope.incidentAgencies.includes(agencyOri);

/**
 * The explanation for this caller. `agencyOf` gives the recording agency of an incident the row names
 * without a template (assignments made before templates): when any of them is another agency's, the
 * stored text (which names it) is withheld and only the tier and rule are said.
 */
export function explanationFor(a: AssignmentRow, scope: TieringScope, agencyOf: (incidentId: string) => string | undefined): string {
  if (a.template !== null && a.refs !== null)
    return explanationText(a.template, a.refs, (r) => (seesIncident(scope, r.agencyOri) ? fullName(r) : partnerName(r, scope)));
  if (a.incidentIds.every((id) => seesIncident(scope, agencyOf(id)))) return a.explanation;
  return `Tier ${a.level} under policy ${a.policyVersion} (rule ${a.rule}); the explanation names incidents of another agency and is not shown.`;
}

/** The assignment's incidents split into those the caller may see (named) and a count of the others. */
export function incidentsFor(
  a: AssignmentRow,
  scope: TieringScope,
  agencyOf: (incidentId: string) => string | undefined,
): { visible: string[]; others: number } {
  const refAgency = new Map((a.refs ?? []).map((r) => [r.incidentId, r.agencyOri]));
  const visible = a.incidentIds.filter((id) => seesIncident(scope, refAgency.get(id) ?? agencyOf(id)));
  return { visible, others: a.incidentIds.length - visible.length };
}
