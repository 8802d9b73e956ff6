/**
 * What the domain says a role gets from a path, computed from the SDL classes, the table written by
 * hand from domain.md (expected-policy.ts, never the shield's own policy) and the canary fixture alone
 * (never from the hub's answers): the value, a denial at some step, or rows
 * hidden by row scope; and the audit records the subgraphs must have written.
 */
import { type DataClass, type FieldClasses, type Role, type ServiceName } from '@ipvi/core';
import { SCOPED, canaryIdsOf, consentGranted, consentUsed } from './canary';
import { expectedDecision, expectedOpenToAll, expectedScope } from './expected-policy';
import type { Path } from './paths';

export type Outcome =
  | { readonly kind: 'present' }
  /** Step `at` is denied: null there, one FORBIDDEN error at its path. */
  | { readonly kind: 'denied'; readonly at: number }
  /** The rows returned by step `at` (-1: the `_entities` start) are outside the role's row scope: null or empty, no error. */
  | { readonly kind: 'hidden'; readonly at: number }
  /**
   * Another agency's principal starting from a list (not from one of the canary rows): it sees its own
   * agency's rows, whatever they hold; only that nothing of the canary agencies' records shows is checked.
   */
  | { readonly kind: 'foreign' }
  /** Another agency's principal starting from a canary row: the answer equals the one for an id nobody has (`reference`). */
  | { readonly kind: 'like-missing' }
  /** The same probe with an id nobody has, which a `like-missing` probe is compared with. */
  | { readonly kind: 'reference' };

export interface AuditRecord {
  readonly graph: ServiceName;
  readonly fieldPath: string;
  readonly outcome: 'ALLOWED' | 'DENIED';
  /** Canary ids one of which the record must name, when the parent is a canary row with an id. */
  readonly entityIds: readonly string[] | undefined;
  /** The consent an allowed consent-gated read relied on. */
  readonly consentId?: string;
}

export interface Expectation {
  readonly outcome: Outcome;
  readonly audit: readonly AuditRecord[];
  /** Reads that must NOT have been recorded as allowed (steps never reached). */
  readonly notAllowed: readonly { readonly graph: ServiceName; readonly fieldPath: string }[];
}

export type ClassesByGraph = ReadonlyMap<ServiceName, FieldClasses>;

export function classOf(classes: ClassesByGraph, graph: ServiceName, coordinate: string) {
  const cls = classes.get(graph)?.get(coordinate);
  if (!cls) throw new Error(`${coordinate} has no class in ${graph}`);
  return cls;
}

/** Whether the role may read a field: the domain's decision, with consent answered by the canary data (never to another agency). */
export function mayRead(role: Role, cls: DataClass, coordinate: string, foreign = false): boolean {
  const d = expectedDecision(role, cls, 'read');
  return d === 'allow' || (d === 'consent' && !foreign && consentGranted(role, coordinate));
}

/**
 * Whether the canary rows of a type are outside the role's row scope: never in it, or (for a principal
 * of the other agency of the partnership) in it only for the agency's own or referred rows.
 */
function hiddenFor(role: Role, graph: ServiceName, type: string, foreign = false): boolean {
  // Issue 9.1/9.3: a "possible same person" candidate is seen by its reviewers only (the coordinators of the agency owning
  // the existing record, or partnership-wide ones); everyone else gets an empty list, as if there were none.
  if (type === 'PersonLinkCandidate' || type === 'PersonLinkCandidateEdge') return role !== 'COORDINATOR' || foreign;
  const resource = SCOPED[graph]?.[type];
  if (resource === undefined) return false;
  const scope = expectedScope(role, resource);
  return scope === 'NONE' || (foreign && (scope === 'OWN_AGENCY' || scope === 'REFERRED'));
}

/** Whether a path starts at one canary row (by id, or `_entities`), rather than at a list or a singleton. */
export function startsAtCanaryRow(path: Path): boolean {
  if (path.start.via === 'subgraph' && path.start.entity) return true;
  const first = path.steps[0];
  return !!first && Object.values(first.args).some((v) => typeof v === 'string' && /^[0-9a-f-]{36}$/i.test(v));
}

/**
 * What another agency's principal (the second pair of the partnership) gets from a path over the first
 * pair's canary world: from a canary row (by id, or `_entities`) exactly what it gets for an id nobody
 * has; from a list only its own agency's rows (checked by the absence of every canary value, in
 * cases.ts). No audit expectations (the entity ids differ).
 */
export function foreignExpectationFor(path: Path): Expectation {
  return { outcome: { kind: startsAtCanaryRow(path) ? 'like-missing' : 'foreign' }, audit: [], notAllowed: [] };
}

export function expectationFor(role: Role, path: Path, classes: ClassesByGraph): Expectation {
  const audit: AuditRecord[] = [];
  const notAllowedFrom = (i: number) => path.steps.slice(i).map((s) => ({ graph: s.graph, fieldPath: s.field.coordinate }));
  const start = path.start;
  if (start.via === 'subgraph' && start.entity && hiddenFor(role, start.graph, start.entity.type)) {
    return { outcome: { kind: 'hidden', at: -1 }, audit, notAllowed: notAllowedFrom(0) };
  }
  for (let i = 0; i < path.steps.length; i++) {
    const s = path.steps[i]!;
    const cls = classOf(classes, s.graph, s.field.coordinate);
    const entityIds = i === 0 && s.field.parent === 'Query' ? (typeof s.args.id === 'string' ? [s.args.id] : undefined) : canaryIdsOf(s.field.parent, s.graph);
    if (!mayRead(role, cls, s.field.coordinate)) {
      audit.push({ graph: s.graph, fieldPath: s.field.coordinate, outcome: 'DENIED', entityIds });
      return { outcome: { kind: 'denied', at: i }, audit, notAllowed: notAllowedFrom(i) };
    }
    const consentId = expectedDecision(role, cls, 'read') === 'consent' ? consentUsed(s.field.coordinate) : undefined;
    if (!expectedOpenToAll(cls))
      audit.push({ graph: s.graph, fieldPath: s.field.coordinate, outcome: 'ALLOWED', entityIds, ...(consentId ? { consentId } : {}) });
    if (hiddenFor(role, s.graph, s.field.returns)) return { outcome: { kind: 'hidden', at: i }, audit, notAllowed: notAllowedFrom(i + 1) };
  }
  return { outcome: { kind: 'present' }, audit, notAllowed: [] };
}
