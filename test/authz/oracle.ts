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
  | { readonly kind: 'hidden'; readonly at: number };

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

/** Whether the role may read a field: the domain's decision, with consent answered by the canary data. */
export function mayRead(role: Role, cls: DataClass, coordinate: string): boolean {
  const d = expectedDecision(role, cls, 'read');
  return d === 'allow' || (d === 'consent' && consentGranted(role, coordinate));
}

function hiddenFor(role: Role, graph: ServiceName, type: string): boolean {
  const resource = SCOPED[graph]?.[type];
  return resource !== undefined && expectedScope(role, resource) === 'NONE';
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
    if (!expectedOpenToAll(cls)) audit.push({ graph: s.graph, fieldPath: s.field.coordinate, outcome: 'ALLOWED', entityIds, ...(consentId ? { consentId } : {}) });
    if (hiddenFor(role, s.graph, s.field.returns)) return { outcome: { kind: 'hidden', at: i }, audit, notAllowed: notAllowedFrom(i + 1) };
  }
  return { outcome: { kind: 'present' }, audit, notAllowed: [] };
}
