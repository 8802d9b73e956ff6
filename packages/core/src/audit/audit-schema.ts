/**
 * The audit-trail SDL every subgraph serves, derived from its name and its own SDL: one AUDITOR-only
 * query field per subgraph (`incidentsAuditEvents`, `tieringAuditEvents`, ...) over types shared by
 * all subgraphs (@shareable). The subgraph's own SDL is left untouched.
 */
import { Kind, parse, type ConstValueNode, type DocumentNode } from 'graphql';
import type { ServiceName } from '../config';
import { pageInfoSdl } from '../graph/connection-sdl';

/** `incidents` -> `incidentsAuditEvents`, `victim-services` -> `victimServicesAuditEvents`. */
export function auditQueryField(service: ServiceName): string {
  const camel = service.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());
  return `${camel}AuditEvents`;
}

function stringsOf(v: ConstValueNode | undefined): { name: string; as?: string }[] {
  if (!v || v.kind !== Kind.LIST) return [];
  return v.values.flatMap((x) => {
    if (x.kind === Kind.STRING) return [{ name: x.value }];
    if (x.kind !== Kind.OBJECT) return [];
    const get = (k: string) => x.fields.find((f) => f.name.value === k)?.value;
    const name = get('name');
    const as = get('as');
    return name?.kind === Kind.STRING ? [{ name: name.value, as: as?.kind === Kind.STRING ? as.value : undefined }] : [];
  });
}

/** The name under which the subgraph's federation @link makes a federation directive available. */
export function federationDirectiveName(doc: DocumentNode, directive: string): string {
  for (const def of doc.definitions) {
    if (def.kind !== Kind.SCHEMA_EXTENSION && def.kind !== Kind.SCHEMA_DEFINITION) continue;
    for (const d of def.directives ?? []) {
      const arg = (n: string) => d.arguments?.find((a) => a.name.value === n)?.value;
      const url = arg('url');
      if (d.name.value !== 'link' || url?.kind !== Kind.STRING || !url.value.includes('specs.apollo.dev/federation/')) continue;
      const imported = stringsOf(arg('import')).find((i) => i.name === `@${directive}`);
      if (imported) return (imported.as ?? imported.name).replace(/^@/, '');
      const as = arg('as');
      return `${as?.kind === Kind.STRING ? as.value : 'federation'}__${directive}`;
    }
  }
  throw new Error('the subgraph SDL must @link the federation v2 spec');
}

function defines(doc: DocumentNode, kind: Kind, name: string): boolean {
  return doc.definitions.some((d) => d.kind === kind && 'name' in d && d.name?.value === name);
}

/** The audit module for one subgraph, given its own SDL. */
export function auditSdlFor(service: ServiceName, typeDefs: string): string {
  const doc = parse(typeDefs);
  const shareable = `@${federationDirectiveName(doc, 'shareable')}`;
  const query = defines(doc, Kind.OBJECT_TYPE_DEFINITION, 'Query') ? 'extend type Query' : 'type Query';
  const pageInfo = defines(doc, Kind.OBJECT_TYPE_DEFINITION, 'PageInfo') ? '' : pageInfoSdl(shareable);
  const dateTime = defines(doc, Kind.SCALAR_TYPE_DEFINITION, 'DateTime') ? '' : '\n"""An instant, ISO-8601 in UTC."""\nscalar DateTime\n';
  return `
${query} {
  """The ${service} subgraph's audit trail, newest first (auditors only; reading it is itself audited)."""
  ${auditQueryField(service)}(first: Int, after: String, filter: AuditFilter): AuditEventConnection! @classified(class: AUDIT)
}

"""One audit event: who touched which field of which entities, and the outcome. Never the values."""
type AuditEvent ${shareable} @classified(class: AUDIT) {
  """Stable id of the event."""
  id: ID!
  """When it happened (UTC)."""
  at: DateTime!
  """The request it belongs to (the gateway's request id)."""
  requestId: String!
  """Subject of the principal (the identity provider's id, never a name)."""
  subject: String!
  """The principal's roles, comma-separated."""
  role: String!
  """The principal's agency."""
  agency: String!
  """The GraphQL operation name, when the client gave one."""
  operation: String
  """What was attempted."""
  action: AuditAction!
  """The field touched, as Type.field."""
  fieldPath: String!
  """Ids of the entities whose field was touched."""
  entityIds: [ID!]!
  """The outcome."""
  outcome: AuditOutcome!
  """The consent that released the data, for consent-gated reads."""
  consentId: String
  """Hash chaining this event to the one before it (tamper evidence)."""
  hash: String!
}

"""What an audited request attempted."""
enum AuditAction {
  READ
  WRITE
  AUTHENTICATE
}

"""How an audited attempt ended."""
enum AuditOutcome {
  ALLOWED
  DENIED
  WRITTEN
  FAILED
}

"""Filters for an audit trail."""
input AuditFilter {
  """Only events at or after this instant."""
  from: DateTime
  """Only events before this instant."""
  to: DateTime
  """Only events of this subject."""
  subject: String
  """Only events of this request."""
  requestId: String
  """Only events on this field (Type.field)."""
  fieldPath: String
  """Only events with this outcome."""
  outcome: AuditOutcome
}

"""A page of audit events."""
type AuditEventConnection ${shareable} @classified(class: PUBLIC_OPERATIONAL) {
  """The events of this page, with their cursors."""
  edges: [AuditEventEdge!]!
  """Where this page ends."""
  pageInfo: PageInfo!
  """How many events match in all."""
  totalCount: Int!
}

"""An audit event and its cursor."""
type AuditEventEdge ${shareable} @classified(class: PUBLIC_OPERATIONAL) {
  """Opaque cursor to continue after this event."""
  cursor: String!
  """The event."""
  node: AuditEvent!
}
${pageInfo}${dateTime}`;
}
