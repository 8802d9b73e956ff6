/**
 * Property-based fuzzing of every argument of every root field and mutation of the composed schema
 * through the gateway (issue 12.2): generated bad values (wrong types, NUL characters, non-UUID ids,
 * impossible dates, unknown enum values, forged cursors, missing or unknown input fields, out-of-range
 * numbers), as variables and as inline literals, as several roles. Never an INTERNAL_SERVER_ERROR,
 * never HTTP 5xx, never the submitted value in the answer, and nothing written.
 */
import fs from 'node:fs';
import fc from 'fast-check';
import {
  getNamedType,
  isEnumType,
  isInputObjectType,
  isLeafType,
  isListType,
  isNonNullType,
  type GraphQLArgument,
  type GraphQLField,
  type GraphQLInputType,
  type GraphQLSchema,
} from 'graphql';
import { Supergraph } from '@apollo/federation-internals';
import { SERVICE_NAMES, type Role } from '@ipvi/core';
import { SUPERGRAPH_FILE } from '@ipvi/gateway/src/subgraphs';
import { pool } from './authz/run';
import { startTestHub, type TestHub } from './harness/hub';

let t: TestHub;
beforeAll(async () => {
  t = await startTestHub({ seed: true });
});
afterAll(() => t.stop());

const schema: GraphQLSchema = Supergraph.build(fs.readFileSync(SUPERGRAPH_FILE, 'utf8')).schema.toAPISchema().toGraphQLJSSchema();

/** An enum value: a bare name inline, a string in JSON. */
class EnumValue {
  constructor(readonly name: string) {}
  toJSON(): string {
    return this.name;
  }
}

/** Every generated string carries a marker, so an echo of it is easy to find. */
const MARK = /zq\d+Jane/;
const marker = fc.integer({ min: 100_000, max: 999_999 }).map((n) => `zq${n}Jane`);
const withNul = marker.map((m) => `${m}\u0000 x`);
const forgedCursor = fc.oneof(
  fc.tuple(marker, marker).map((k) => Buffer.from(JSON.stringify(k)).toString('base64url')),
  fc.tuple(marker, fc.integer()).map((k) => Buffer.from(JSON.stringify(k)).toString('base64url')),
  marker.map((m) => Buffer.from(JSON.stringify([`${m}\u0000`])).toString('base64url')),
  marker.map((m) => Buffer.from(`{"a":"${m}"}`).toString('base64url')),
);

const VALID_ID = '7d1f0c5e-3c2a-4f7e-9d65-0b1e2a3c4d5e';

/** A minimal valid value of a type (for the other required arguments and fields). */
function validValue(type: GraphQLInputType): unknown {
  if (isNonNullType(type)) return validValue(type.ofType);
  if (isListType(type)) return [validValue(type.ofType)];
  if (isEnumType(type)) return new EnumValue(type.getValues()[0]!.name);
  if (isInputObjectType(type)) {
    const out: Record<string, unknown> = {};
    for (const f of Object.values(type.getFields())) if (isNonNullType(f.type) && f.defaultValue === undefined) out[f.name] = validValue(f.type);
    return out;
  }
  const byScalar: Record<string, unknown> = {
    ID: VALID_ID,
    String: 'ok',
    Int: 1,
    Float: 1,
    Boolean: false,
    DateTime: '2026-01-01T00:00:00Z',
    Date: '2000-01-01',
    JSON: {},
  };
  return byScalar[type.name] ?? 'ok';
}

/** Values that are wrong for a type in at least one place. */
function badValue(type: GraphQLInputType, argName: string, depth = 0): fc.Arbitrary<unknown> {
  if (isNonNullType(type)) return fc.oneof(fc.constant(null), badValue(type.ofType, argName, depth));
  // A bare value stands for a one-item list (input coercion), but a bare null is the list's own null: valid for a nullable list.
  if (isListType(type))
    return fc.oneof(
      badValue(type.ofType, argName, depth).map((v) => [validValue(type.ofType), v]),
      badValue(type.ofType, argName, depth).filter((v) => v !== null),
    );
  if (isEnumType(type)) return fc.oneof(marker, fc.integer(), fc.constant({}));
  if (isInputObjectType(type)) {
    const fields = Object.values(type.getFields());
    const base = validValue(type) as Record<string, unknown>;
    const oneBad = depth > 3 ? marker : fc.constantFrom(...fields).chain((f) => badValue(f.type, argName, depth + 1).map((v) => ({ ...base, [f.name]: v })));
    const required = fields.filter((f) => isNonNullType(f.type) && f.defaultValue === undefined);
    return fc.oneof(
      { arbitrary: oneBad, weight: 4 },
      marker.map((m) => ({ ...base, [m.replace(/\d/g, 'x')]: m })),
      { arbitrary: required.length ? fc.constant({}) : marker, weight: 1 },
      marker,
    );
  }
  switch (type.name) {
    case 'String':
      return argName === 'after' ? fc.oneof(forgedCursor, withNul, marker) : fc.oneof(withNul, fc.integer(), fc.constant({ a: 1 }), fc.boolean());
    case 'ID':
      return fc.oneof(
        marker,
        withNul,
        fc.integer({ min: 1 }),
        marker.map((m) => `${m}' OR '1'='1`),
      );
    case 'Int':
      return fc.oneof(fc.constant(2 ** 40), fc.constant(1.5), marker, fc.boolean());
    case 'Float':
      return fc.oneof(marker, fc.boolean(), fc.constant({}));
    case 'Boolean':
      return fc.oneof(marker, fc.integer());
    case 'DateTime':
      return fc.oneof(marker, fc.constant('2026-02-30T10:00:00Z'), fc.constant('2026-01-01T25:00:00Z'), fc.integer());
    case 'Date':
      return fc.oneof(marker, fc.constant('1999-02-30'), fc.integer());
    default:
      return fc.oneof(
        withNul,
        marker.map((m) => ({ k: [`${m}\u0000`] })),
      );
  }
}

/** A value as a GraphQL literal. */
function literal(v: unknown): string {
  if (v === null || v === undefined) return 'null';
  if (v instanceof EnumValue) return v.name;
  if (Array.isArray(v)) return `[${v.map(literal).join(', ')}]`;
  if (typeof v === 'object')
    return `{${Object.entries(v)
      .map(([k, x]) => `${k}: ${literal(x)}`)
      .join(', ')}}`;
  if (typeof v === 'string') return JSON.stringify(v);
  return String(v);
}

interface Target {
  readonly operation: 'query' | 'mutation';
  readonly field: GraphQLField<unknown, unknown>;
  readonly arg: GraphQLArgument;
}

function targets(): Target[] {
  const out: Target[] = [];
  for (const [operation, type] of [
    ['query', schema.getQueryType()],
    ['mutation', schema.getMutationType()],
  ] as const) {
    for (const field of Object.values(type?.getFields() ?? {})) for (const arg of field.args) out.push({ operation, field, arg });
  }
  return out;
}

/** The request: the fuzzed argument, and every other required argument with a valid value. */
function request(target: Target, value: unknown, inline: boolean): { query: string; variables: Record<string, unknown> } {
  const selection = isLeafType(getNamedType(target.field.type)) ? '' : ' { __typename }';
  const others = target.field.args.filter((a) => a !== target.arg && isNonNullType(a.type));
  const args = [[target.arg, value] as const, ...others.map((a) => [a, validValue(a.type)] as const)];
  if (inline)
    return { query: `${target.operation} { ${target.field.name}(${args.map(([a, v]) => `${a.name}: ${literal(v)}`).join(', ')})${selection} }`, variables: {} };
  const defs = args.map(([a]) => `$${a.name}: ${String(a.type)}`).join(', ');
  const query = `${target.operation}(${defs}) { ${target.field.name}(${args.map(([a]) => `${a.name}: $${a.name}`).join(', ')})${selection} }`;
  return { query, variables: JSON.parse(JSON.stringify(Object.fromEntries(args.map(([a, v]) => [a.name, v])))) };
}

/** Rows of every table but the audit trails (denials are recorded) and the migrations: one query per subgraph. */
async function rowCounts(): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const s of SERVICE_NAMES) {
    const tables = await t.sql<{ table_name: string }>(
      s,
      `SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE' AND table_name NOT IN ('audit_event', 'migrations')`,
    );
    if (!tables.length) continue;
    const counts = await t.sql<{ name: string; n: string }>(
      s,
      tables.map(({ table_name }) => `SELECT '${table_name}' AS name, count(*) AS n FROM "${table_name}"`).join(' UNION ALL '),
    );
    for (const { name, n } of counts) out[`${s}.${name}`] = Number(n);
  }
  return out;
}

const ROLES: Role[] = ['OFFICER', 'DV_DETECTIVE', 'COORDINATOR', 'PROSECUTOR', 'ADVOCATE', 'ADVOCATE_SUPERVISOR', 'ANALYST', 'AUDITOR'];
/** Runs per argument: every argument of every root field is fuzzed (about 260 requests in all). */
const RUNS = 4;
/** Requests in flight at once (the hub answers in the same process: a few at a time keep its database busy while it computes). */
const CONCURRENCY = 4;
const ALLOWED_CODES = new Set(['BAD_USER_INPUT', 'GRAPHQL_VALIDATION_FAILED', 'FORBIDDEN', 'LIMIT_EXCEEDED', 'BAD_REQUEST']);

describe('fuzzing every argument of every root field and mutation', () => {
  it('never answers INTERNAL_SERVER_ERROR or 5xx, never echoes the value, and writes nothing', async () => {
    const all = targets();
    expect(all.length).toBeGreaterThan(40);
    const before = await rowCounts();
    // One token per role (signed once, verified once by the gateway, which caches it), not one per request.
    const authorization = new Map(await Promise.all(ROLES.map(async (r) => [r, `Bearer ${await t.token(r)}`] as const)));
    let requests = 0;
    // Each argument's property runs on its own (its fixed seed makes the same values whatever else runs), a few at once.
    await pool(all, CONCURRENCY, (target) =>
      fc.assert(
        fc.asyncProperty(badValue(target.arg.type, target.arg.name), fc.boolean(), fc.constantFrom(...ROLES), async (value, inline, role) => {
          const { query, variables } = request(target, value, inline);
          const res = await t.post(t.url, { query, variables }, { authorization: authorization.get(role)! });
          requests++;
          const where = `${target.field.name}(${target.arg.name}) ${inline ? 'inline' : 'as a variable'} as ${role}: ${res.status} ${res.text.slice(0, 300)}`;
          if (res.status >= 500) throw new Error(`HTTP ${where}`);
          if (!res.errors?.length) throw new Error(`accepted a bad value: ${where}`);
          const unexpected = res.errors.map((e) => String(e.extensions?.code)).filter((c) => !ALLOWED_CODES.has(c));
          if (unexpected.length) throw new Error(`codes ${unexpected.join(', ')}: ${where}`);
          if (MARK.test(res.text)) throw new Error(`echoed the value: ${where}`);
          if (typeof value === 'string' && value.length > 8 && res.text.includes(value)) throw new Error(`echoed the value: ${where}`);
        }),
        { numRuns: RUNS, seed: 12, endOnFailure: true },
      ),
    );
    expect(requests).toBe(all.length * RUNS);
    expect(await rowCounts()).toEqual(before);
  }, 120_000); // about 8 s on a quiet machine; 40 s seen on a loaded one
});
