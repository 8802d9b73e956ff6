/**
 * The API convention check (issue 10.3): reads the partners' composed supergraph (gateway/supergraph.graphql,
 * its API schema: the service feeds are @inaccessible there, served only to the service principals)
 * and lists what breaks the conventions of shared/docs/api-contract.md:
 *   closed-list-string   a closed list (type, kind, state, code, ...) typed as String
 *   date-string-input    a date-like input (an argument or input field) typed as String
 *   list-without-filter  a list (connection) field without a `filter:` argument
 *   shared-payload       a mutation without a payload type of its own
 *   page-info            a connection's PageInfo without hasPreviousPage / startCursor
 * Each current finding must be in ALLOWED with its reason; a new finding, or an ALLOWED entry that no
 * longer occurs, fails the check (`npm test` runs it through test/edge-conventions.test.ts).
 * Run alone: `npx tsx scripts/check-conventions.ts`.
 */
import fs from 'node:fs';
import path from 'node:path';
import { Supergraph } from '@apollo/federation-internals';
import {
  getNamedType,
  isInputObjectType,
  isInterfaceType,
  isObjectType,
  type GraphQLArgument,
  type GraphQLField,
  type GraphQLInputField,
  type GraphQLInputType,
  type GraphQLInterfaceType,
  type GraphQLObjectType,
  type GraphQLSchema,
} from 'graphql';

export type Rule = 'closed-list-string' | 'date-string-input' | 'list-without-filter' | 'shared-payload' | 'page-info';

export interface Finding {
  readonly rule: Rule;
  /** Schema coordinate, e.g. `RecordIncidentInput.occurredAt`, `Query.offenders`, `Mutation.clearNotification`. */
  readonly at: string;
  readonly detail: string;
}

export const SUPERGRAPH = path.resolve(__dirname, '..', 'gateway', 'supergraph.graphql');

const PENDING = 'pending API consistency (issue 10)';

/** Findings accepted for now, each with its reason: `rule at` -> reason. */
const NIBRS = 'an FBI NIBRS code (e.g. 13B, 09A): GraphQL enum values cannot start with a digit, so codes are validated strings with their meaning beside them';
const CHILD = "one parent's growing child list, newest first: paged, with nothing to filter on yet";
export const ALLOWED: Readonly<Record<string, string>> = {
  'closed-list-string CodedValue.code': NIBRS,
  'closed-list-string IncidentFilter.offenseCode': NIBRS,
  'closed-list-string RecordIncidentInput.relationshipCode':
    'api-contract.md: partner apps send it as a string literal ("BG"), which an enum input would refuse; checked against the enum RelationshipCode\'s values by the domain (BAD_USER_INPUT with the field)',
  'closed-list-string Offense.code': NIBRS,
  'closed-list-string TierAssignment.rule': "rule ids come from the site's versioned tier policy (data): a site publishes new rules without a schema change",
  'list-without-filter Client.consentsConnection': CHILD,
  'list-without-filter Client.dangerAssessmentsConnection': CHILD,
  'list-without-filter Client.safetyPlanHistoryConnection': CHILD,
  'list-without-filter Client.serviceReferralsConnection': CHILD,
  'list-without-filter Referral.outreachAttemptsConnection': CHILD,
  'list-without-filter Offender.tierHistoryConnection':
    "one person's append-only tier history, oldest first (the paged tierHistory): paged, with nothing to filter on yet",
  'shared-payload Mutation.recordConsent': 'api-contract.md names ConsentPayload for both recordConsent and revokeConsent',
  'shared-payload Mutation.revokeConsent': 'api-contract.md names ConsentPayload for both recordConsent and revokeConsent',
};

/** Names of closed lists: a field so named should be an enum. */
const CLOSED_LIST_NAME =
  /(?:^|[a-z])(?:Type|Kind|State|Status|Disposition|Outcome|Language|Rule|Level|Method|Channel|Category|Code)$|^(?:type|kind|state|status|disposition|outcome|language|rule|level|method|channel|category|code)$/;
/** Names of dates and instants: an input so named should be Date or DateTime. */
const DATE_NAME = /(?:At|On|Date|Since|Until|Birth)$|^(?:date|from|to|since|until|at|on)$/;

function unwrappedName(type: GraphQLInputType | GraphQLField<unknown, unknown>['type']): string {
  return getNamedType(type).name;
}

function objectTypes(schema: GraphQLSchema) {
  return Object.values(schema.getTypeMap()).filter((t) => !t.name.startsWith('__') && (isObjectType(t) || isInterfaceType(t))) as (
    GraphQLObjectType | GraphQLInterfaceType
  )[];
}

function closedLists(schema: GraphQLSchema, out: Finding[]): void {
  const check = (at: string, name: string, type: GraphQLInputType | GraphQLField<unknown, unknown>['type']) => {
    if (name === '__typename' || !CLOSED_LIST_NAME.test(name) || unwrappedName(type) !== 'String') return;
    out.push({ rule: 'closed-list-string', at, detail: `typed ${String(type)}: an enum would name the allowed values` });
  };
  for (const t of objectTypes(schema)) {
    for (const f of Object.values(t.getFields())) {
      check(`${t.name}.${f.name}`, f.name, f.type);
      for (const a of f.args) check(`${t.name}.${f.name}(${a.name}:)`, a.name, a.type);
    }
  }
  for (const t of Object.values(schema.getTypeMap())) {
    if (isInputObjectType(t)) for (const f of Object.values(t.getFields())) check(`${t.name}.${f.name}`, f.name, f.type);
  }
}

function dateInputs(schema: GraphQLSchema, out: Finding[]): void {
  const check = (at: string, input: GraphQLArgument | GraphQLInputField) => {
    if (!DATE_NAME.test(input.name) || unwrappedName(input.type) !== 'String') return;
    out.push({ rule: 'date-string-input', at, detail: `typed ${String(input.type)}: use DateTime (an instant) or Date (a calendar date)` });
  };
  for (const t of objectTypes(schema)) for (const f of Object.values(t.getFields())) for (const a of f.args) check(`${t.name}.${f.name}(${a.name}:)`, a);
  for (const t of Object.values(schema.getTypeMap())) {
    if (isInputObjectType(t) && !t.name.startsWith('__')) for (const f of Object.values(t.getFields())) check(`${t.name}.${f.name}`, f);
  }
}

const isConnection = (f: GraphQLField<unknown, unknown>) => unwrappedName(f.type).endsWith('Connection');

function lists(schema: GraphQLSchema, out: Finding[]): void {
  for (const t of objectTypes(schema)) {
    if (t.name === schema.getMutationType()?.name) continue;
    for (const f of Object.values(t.getFields())) {
      if (!isConnection(f) || f.args.some((a) => a.name === 'filter')) continue;
      const loose = f.args.map((a) => a.name).filter((n) => n !== 'first' && n !== 'after');
      out.push({
        rule: 'list-without-filter',
        at: `${t.name}.${f.name}`,
        detail: loose.length ? `loose arguments ${loose.join(', ')} instead of filter:` : 'no filter: argument',
      });
    }
  }
}

function payloads(schema: GraphQLSchema, out: Finding[]): void {
  const mutations = Object.values(schema.getMutationType()?.getFields() ?? {});
  const byPayload = new Map<string, string[]>();
  for (const m of mutations) byPayload.set(unwrappedName(m.type), [...(byPayload.get(unwrappedName(m.type)) ?? []), m.name]);
  for (const m of mutations) {
    const payload = unwrappedName(m.type);
    const sharers = byPayload.get(payload)!;
    if (sharers.length > 1)
      out.push({
        rule: 'shared-payload',
        at: `Mutation.${m.name}`,
        detail: `returns ${payload}, shared with ${sharers.filter((n) => n !== m.name).join(', ')}`,
      });
  }
}

function pageInfos(schema: GraphQLSchema, out: Finding[]): void {
  const seen = new Set<string>();
  for (const t of objectTypes(schema)) {
    if (!t.name.endsWith('Connection')) continue;
    const info = t.getFields().pageInfo;
    if (!info) continue;
    const type = getNamedType(info.type);
    if (seen.has(type.name) || !isObjectType(type)) continue;
    seen.add(type.name);
    const missing = ['hasNextPage', 'endCursor', 'hasPreviousPage', 'startCursor'].filter((f) => !(f in type.getFields()));
    if (missing.length) out.push({ rule: 'page-info', at: type.name, detail: `lacks ${missing.join(', ')}` });
  }
}

export function apiSchema(sdl: string): GraphQLSchema {
  return Supergraph.build(sdl).schema.toAPISchema().toGraphQLJSSchema();
}

/** Every finding of a composed supergraph, in a stable order. */
export function checkConventions(sdl: string): Finding[] {
  return schemaFindings(apiSchema(sdl));
}

/** Every finding of an API schema, in a stable order. */
export function schemaFindings(schema: GraphQLSchema): Finding[] {
  const out: Finding[] = [];
  closedLists(schema, out);
  dateInputs(schema, out);
  lists(schema, out);
  payloads(schema, out);
  pageInfos(schema, out);
  return out.sort((a, b) => a.rule.localeCompare(b.rule) || a.at.localeCompare(b.at));
}

export const keyOf = (f: Finding): string => `${f.rule} ${f.at}`;

/** Findings not in ALLOWED, and ALLOWED entries that no longer occur. */
export function compareWithAllowed(findings: readonly Finding[], allowed: Readonly<Record<string, string>> = ALLOWED): { fresh: Finding[]; stale: string[] } {
  const keys = new Set(findings.map(keyOf));
  return { fresh: findings.filter((f) => !(keyOf(f) in allowed)), stale: Object.keys(allowed).filter((k) => !keys.has(k)) };
}

export function report(findings: readonly Finding[], allowed: Readonly<Record<string, string>> = ALLOWED): string {
  const { fresh, stale } = compareWithAllowed(findings, allowed);
  const lines = findings.map(
    (f) => `${keyOf(f) in allowed ? 'allowed' : 'NEW    '}  ${f.rule.padEnd(20)} ${f.at}: ${f.detail}${keyOf(f) in allowed ? ` (${allowed[keyOf(f)]})` : ''}`,
  );
  for (const k of stale) lines.push(`STALE    ${k}: no longer found; remove it from ALLOWED`);
  lines.push(`${findings.length} findings: ${findings.length - fresh.length} allowed, ${fresh.length} new, ${stale.length} stale allowed entries.`);
  return lines.join('\n');
}

if (require.main === module) {
  const findings = checkConventions(fs.readFileSync(SUPERGRAPH, 'utf8'));
  console.log(report(findings));
  const { fresh, stale } = compareWithAllowed(findings);
  if (process.argv.includes('--print-allowed')) console.log(JSON.stringify(Object.fromEntries(findings.map((f) => [keyOf(f), PENDING])), null, 2));
  process.exitCode = fresh.length || stale.length ? 1 : 0;
}
