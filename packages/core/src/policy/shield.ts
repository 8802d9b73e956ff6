/**
 * graphql-shield rule trees derived from the SDL's data classes and the one policy, at startup.
 * fallbackRule is deny: a field the derivation does not cover is denied. Every allowed read of a
 * classified field and every denial is noted for the audit trail.
 */
import type { GraphQLResolveInfo, GraphQLSchema } from 'graphql';
import { allow, rule, shield, type IRules } from 'graphql-shield';
import { applyMiddleware } from 'graphql-middleware';
import type { HubContext } from '../context';
import { forbidden } from '../errors';
import type { FieldClasses } from './classification';
import { DATA_CLASSES, decide, type Access, type DataClass } from './policy';
import { ROLES } from '../identity/principal';

/** The entity id an audit record names for a field read: the parent's id, else an `id` argument. */
function entityIdOf(parent: unknown, args: Record<string, unknown>): string | undefined {
  if (parent && typeof parent === 'object' && 'id' in parent) {
    const id = (parent as { id: unknown }).id;
    if (typeof id === 'string' || typeof id === 'number') return String(id);
  }
  return typeof args.id === 'string' ? args.id : undefined;
}

/** True when every role may read the class: no check and no audit needed (ids and structure). */
function openToAll(dataClass: DataClass): boolean {
  return ROLES.every((r) => decide([r], dataClass, 'read') === 'allow');
}

function classRule(dataClass: DataClass, access: Access) {
  return rule(`${access}:${dataClass}`, { cache: 'no_cache' })(async (parent: unknown, args: Record<string, unknown>, ctx: HubContext, info: GraphQLResolveInfo) => {
    const fieldPath = `${info.parentType.name}.${info.fieldName}`;
    const entityId = entityIdOf(parent, args);
    const action = access === 'read' ? 'READ' : 'WRITE';
    const decision = decide(ctx.principal.roles, dataClass, access);
    if (decision === 'allow') {
      if (access === 'read') ctx.audit.read(fieldPath, entityId);
      return true;
    }
    if (decision === 'consent' && ctx.consent) {
      const consentId = await ctx.consent(ctx, parent, fieldPath);
      if (consentId) {
        ctx.audit.read(fieldPath, entityId, consentId);
        return true;
      }
    }
    ctx.audit.denied(fieldPath, entityId, action);
    return forbidden();
  });
}

const viaGateway = rule('via-gateway', { cache: 'contextual' })(async (_p: unknown, _a: unknown, ctx: HubContext) => (ctx.viaGateway ? true : forbidden()));

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

/** Applies the derived shield to an executable subgraph schema. */
export function applyPolicy(schema: GraphQLSchema, classes: FieldClasses): GraphQLSchema {
  const permissions = shield(deriveRuleTree(classes), {
    fallbackRule: rule('fallback-deny', { cache: 'contextual' })(async () => forbidden()),
    fallbackError: () => forbidden(),
    allowExternalErrors: true,
    debug: false,
  });
  return applyMiddleware(schema, permissions);
}

export { DATA_CLASSES };
