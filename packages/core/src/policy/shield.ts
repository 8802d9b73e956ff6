/**
 * graphql-shield rule trees derived from the SDL's data classes and the one policy, at startup.
 * fallbackRule is deny: a field the derivation does not cover is denied. Every allowed read of a
 * classified field, every denial and every write is noted for the audit trail.
 */
import { responsePathAsArray, type GraphQLResolveInfo, type GraphQLSchema } from 'graphql';
import { allow, rule, shield, type IRules } from 'graphql-shield';
import { applyMiddleware, type IMiddlewareFieldMap } from 'graphql-middleware';
import type { ConsentQuestion, HubContext } from '../context';
import { forbidden } from '../errors';
import { errorFields } from '../logger';
import type { FieldClasses } from './classification';
import { DATA_CLASSES, decide, type Access, type DataClass } from './policy';
import { ROLES } from '../identity/principal';

function idOf(x: unknown): string | undefined {
  if (!x || typeof x !== 'object' || !('id' in x)) return undefined;
  const id = (x as { id: unknown }).id;
  return typeof id === 'string' || typeof id === 'number' ? String(id) : undefined;
}

/** The entity id an audit record names for a field read: the parent's id, else an `id` argument. */
function entityIdOf(parent: unknown, args: Record<string, unknown>): string | undefined {
  return idOf(parent) ?? (typeof args.id === 'string' ? args.id : undefined);
}

/** True when every role may read the class: no check and no audit needed (ids and structure). */
export function openToAll(dataClass: DataClass): boolean {
  return ROLES.every((r) => decide([r], dataClass, 'read') === 'allow');
}

/** Asks the subgraph's consent hook; no hook, no consent, or a failing hook all mean "no consent". */
async function consentFor(ctx: HubContext, question: ConsentQuestion): Promise<string | null> {
  if (!ctx.consent) return null;
  try {
    return (await ctx.consent(ctx, question)) || null;
  } catch (e) {
    ctx.log.error('consent check failed; denying the read', { fieldPath: question.fieldPath, ...errorFields(e) });
    return null;
  }
}

/**
 * A denial's error. Where the shield ran says nothing about a denial, and formatting a stack was most of what a denial
 * cost (far more under jest's source maps): the error is made without frames (Error.stackTraceLimit 0), so its stack is
 * its first line only, and already placed at the field's path, so graphql's locatedError hands it on instead of wrapping
 * it in a new error (whose stack V8 would format). (Redefining `stack` afterwards does not help: V8 formats the captured
 * frames when the property is redefined.)
 */
function denial(info?: GraphQLResolveInfo): ReturnType<typeof forbidden> {
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  try {
    return forbidden(info && { nodes: info.fieldNodes, path: responsePathAsArray(info.path) });
  } finally {
    Error.stackTraceLimit = limit;
  }
}

function classRule(dataClass: DataClass, access: Access) {
  return rule(`${access}:${dataClass}`, { cache: 'no_cache' })(
    async (parent: unknown, args: Record<string, unknown>, ctx: HubContext, info: GraphQLResolveInfo) => {
      const fieldPath = `${info.parentType.name}.${info.fieldName}`;
      const entityId = entityIdOf(parent, args);
      const decision = decide(ctx.principal.roles, dataClass, access);
      if (decision === 'allow') {
        if (access === 'read') ctx.audit.read(fieldPath, entityId);
        return true;
      }
      if (decision === 'consent') {
        const consentId = await consentFor(ctx, { parent, fieldPath, dataClass, entityId });
        if (consentId) {
          ctx.audit.read(fieldPath, entityId, consentId);
          return true;
        }
      }
      ctx.audit.denied(fieldPath, entityId, access === 'read' ? 'READ' : 'WRITE');
      return denial(info);
    },
  );
}

const viaGateway = rule('via-gateway', { cache: 'contextual' })(async (_p: unknown, _a: unknown, ctx: HubContext, info: GraphQLResolveInfo) =>
  ctx.viaGateway ? true : denial(info),
);

/** Builds the rule tree for a subgraph from its field classes. Mutation fields are checked as writes. */
export function deriveRuleTree(classes: FieldClasses): IRules {
  const rules = new Map<string, ReturnType<typeof classRule>>();
  const ruleFor = (cls: DataClass, access: Access) => {
    const key = `${access}:${cls}`;
    let r = rules.get(key);
    if (!r) rules.set(key, (r = classRule(cls, access)));
    return r;
  };
  const tree: Record<string, Record<string, unknown>> = {
    Query: { _service: viaGateway, _entities: viaGateway },
    _Service: { sdl: viaGateway },
  };
  for (const [path, cls] of classes) {
    const [typeName, fieldName] = path.split('.') as [string, string];
    const access: Access = typeName === 'Mutation' ? 'write' : 'read';
    (tree[typeName] ??= {})[fieldName] = access === 'read' && openToAll(cls) ? allow : ruleFor(cls, access);
  }
  return tree as IRules;
}

/** Ids a mutation's payload names: its own id and those of the objects (or lists of objects) it holds. */
export function entityIdsIn(payload: unknown): string[] {
  const ids = new Set<string>();
  const add = (x: unknown) => {
    const id = idOf(x);
    if (id !== undefined) ids.add(id);
  };
  add(payload);
  if (payload && typeof payload === 'object') {
    for (const v of Object.values(payload)) (Array.isArray(v) ? v : [v]).forEach(add);
  }
  return [...ids].sort();
}

/** Records every mutation that ran past the shield: WRITTEN with the ids its payload names, or FAILED. */
function writeAudit(schema: GraphQLSchema): IMiddlewareFieldMap {
  const mutation = schema.getMutationType();
  if (!mutation) return {};
  const fields: Record<string, (...a: [(...r: unknown[]) => unknown, unknown, unknown, HubContext, GraphQLResolveInfo]) => Promise<unknown>> = {};
  for (const name of Object.keys(mutation.getFields())) {
    fields[name] = async (resolve, parent, args, ctx, info) => {
      const fieldPath = `${mutation.name}.${info.fieldName}`;
      try {
        const result = await resolve(parent, args, ctx, info);
        ctx.audit.wrote(fieldPath, entityIdsIn(result));
        return result;
      } catch (e) {
        ctx.audit.failed(fieldPath, 'WRITE');
        throw e;
      }
    };
  }
  return { [mutation.name]: fields } as IMiddlewareFieldMap;
}

/**
 * Applies the derived shield (outermost) and the write audit to an executable subgraph schema.
 * Fields open to every role (ids, page structure) keep no wrapper: the rule would allow and record
 * nothing, so it only costs time on every row. Every other field, and any field the classes do not
 * cover (fallback deny), keeps its rule.
 */
export function applyPolicy(schema: GraphQLSchema, classes: FieldClasses): GraphQLSchema {
  const permissions = shield(deriveRuleTree(classes), {
    fallbackRule: rule('fallback-deny', { cache: 'contextual' })(async (_p: unknown, _a: unknown, _c: unknown, info: GraphQLResolveInfo) => denial(info)),
    fallbackError: (_e: unknown, _p: unknown, _a: unknown, _c: unknown, info: GraphQLResolveInfo) => denial(info),
    allowExternalErrors: true,
    debug: false,
  });
  const fieldMap = permissions.generate(schema) as Record<string, Record<string, unknown>>;
  for (const [path, cls] of classes) {
    const [typeName, fieldName] = path.split('.') as [string, string];
    if (typeName !== 'Mutation' && openToAll(cls)) delete fieldMap[typeName]?.[fieldName];
  }
  return applyMiddleware(schema, fieldMap as IMiddlewareFieldMap, writeAudit(schema));
}

export { DATA_CLASSES };
