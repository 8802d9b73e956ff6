/**
 * Apollo Server plugins every hub server uses: the request id on every error, the input check before
 * an operation runs, the audit flush, and no reporting to Apollo.
 */
import type { ApolloServerPlugin, BaseContext, GraphQLResponse } from '@apollo/server';
import { ApolloServerPluginSchemaReportingDisabled, ApolloServerPluginUsageReportingDisabled } from '@apollo/server/plugin/disabled';
import { GraphQLError, Kind, type ASTNode, type GraphQLFormattedError } from 'graphql';
import { batchServiceReads } from '../audit/service-reads';
import type { AuditStore } from '../audit/store';
import type { ServiceName } from '../config';
import type { HubContext } from '../context';
import { ErrorCode, InputError, badUserInput } from '../errors';
import { SERVICE_ROLES, type Role } from '../identity/principal';
import { errorFields, type Logger } from '../logger';
import { DEFAULT_INPUT_RULES, type InputRules } from '../validation/input-values';
import { operationInputProblems, operationResolutionProblem, selectOperation } from '../validation/operation-inputs';
import type { InputProblem } from '../validation/problems';

/**
 * What a subgraph accepts in one request body. Subgraphs take requests only from the gateway (the
 * internal identity is checked before the body is read), whose entity fetches for a large answer can
 * exceed the client body limit; the gateway's own client limit and query limits bound them.
 */
export const INTERNAL_BODY_LIMIT_BYTES = 64 * 1024 * 1024;

type GraphQLResponseBody = NonNullable<GraphQLResponse['body']>;

/**
 * Usage and schema reporting to Apollo, explicitly off: without these Apollo Server installs its usage
 * reporting when APOLLO_KEY and a graph ref are in the environment, and its schema reporting when
 * APOLLO_SCHEMA_REPORTING=true. The hub never phones home (config: APOLLO_TELEMETRY_OFF).
 */
export function noApolloReporting(): ApolloServerPlugin<BaseContext>[] {
  return [ApolloServerPluginUsageReportingDisabled(), ApolloServerPluginSchemaReportingDisabled()];
}

function withRequestId(errors: readonly GraphQLFormattedError[] | undefined, requestId: string): GraphQLFormattedError[] | undefined {
  return errors?.map((e) => ({ ...e, extensions: { ...e.extensions, requestId } }));
}

/** Puts the request id into every error's extensions (formatError has no context to take it from). */
export function requestIdPlugin<C extends { readonly requestId: string }>(): ApolloServerPlugin<C> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ contextValue, response }) {
          const body: GraphQLResponseBody = response.body;
          if (body.kind === 'single') body.singleResult.errors = withRequestId(body.singleResult.errors, contextValue.requestId);
          else body.initialResult.errors = withRequestId(body.initialResult.errors, contextValue.requestId);
        },
      };
    },
  };
}

const VALUE_KINDS = new Set<string>([Kind.INT, Kind.FLOAT, Kind.STRING, Kind.BOOLEAN, Kind.NULL, Kind.ENUM, Kind.LIST, Kind.OBJECT, Kind.OBJECT_FIELD]);

/** True for graphql-js's complaints about an inline value (ValuesOfCorrectTypeRule): they quote it and name no input path. */
function isValueError(e: Error): boolean {
  const node: ASTNode | undefined = e instanceof GraphQLError ? e.nodes?.[0] : undefined;
  return node !== undefined && VALUE_KINDS.has(node.kind);
}

/**
 * Checks a request's input before it runs, the same way inline and as variables (see
 * validation/operation-inputs): every problem answers one BAD_USER_INPUT (HTTP 400) naming each input
 * path and reason, never the value. A request that names no single operation (an operationName not
 * in the document, several anonymous operations) is a 400 BAD_REQUEST, not a server error.
 */
export function inputValidationPlugin<C extends object>(rules: InputRules = DEFAULT_INPUT_RULES): ApolloServerPlugin<C> {
  return {
    async requestDidStart() {
      return {
        async validationDidStart({ schema, document, request }) {
          return async (errors) => {
            // graphql-js refuses a bad inline value during validation with a message quoting it:
            // replace those refusals with the same named problems a variable gets.
            if (!errors?.some(isValueError)) return;
            const op = selectOperation(document, request.operationName);
            const ops = op ? [op] : document.definitions.filter((d) => d.kind === Kind.OPERATION_DEFINITION);
            const problems: InputProblem[] = ops.flatMap((o) => operationInputProblems(schema, document, o, request.variables, rules));
            if (problems.length === 0) return;
            const kept = errors.filter((e) => !isValueError(e));
            (errors as Error[]).splice(0, errors.length, ...kept, new GraphQLError('bad input', { originalError: InputError.of(problems) }));
          };
        },
        async didResolveOperation({ schema, document, operation, request }) {
          if (!operation) {
            const message = operationResolutionProblem(document, request.operationName) ?? 'The request names no operation to run.';
            throw new GraphQLError(message, { extensions: { code: ErrorCode.BAD_REQUEST, http: { status: 400 } } });
          }
          const problems = operationInputProblems(schema, document, operation, request.variables, rules);
          if (problems.length) throw badUserInput(problems, true);
        },
      };
    },
  };
}

/** The answer to a request whose audit could not be written: no data, one masked error. */
export function auditFailureBody(requestId: string): GraphQLResponseBody {
  return {
    kind: 'single',
    singleResult: { data: null, errors: [{ message: 'Internal server error.', extensions: { code: ErrorCode.INTERNAL_SERVER_ERROR, requestId } }] },
  };
}

/** The client's operation name: the gateway names each subgraph fetch `<operation>__<subgraph>__<n>`. */
export function clientOperationName(operationName: string | null | undefined, service: ServiceName): string | null {
  if (!operationName) return null;
  const suffix = new RegExp(`__${service.replace(/-/g, '_')}__\\d+$`);
  return operationName.replace(suffix, '') || null;
}

/**
 * Writes what the request touched to the audit trail, once, before the response leaves. When the
 * write fails the response is replaced: no data, one INTERNAL_SERVER_ERROR.
 */
export function auditPlugin(store: AuditStore, log: Logger, service: ServiceName): ApolloServerPlugin<HubContext> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ contextValue: ctx, operationName, response }) {
          const drained = ctx.audit.drain();
          const byService = ctx.principal.roles.some((r: Role) => (SERVICE_ROLES as readonly Role[]).includes(r));
          const entries = byService ? batchServiceReads(drained) : drained;
          if (entries.length === 0) return;
          try {
            await store.append(
              {
                requestId: ctx.requestId,
                subject: ctx.principal.sub,
                role: ctx.principal.roles.join(','),
                agency: ctx.principal.agency,
                operation: clientOperationName(operationName, service),
              },
              entries,
            );
          } catch (e) {
            log.error('audit write failed; failing the request', { requestId: ctx.requestId, ...errorFields(e) });
            response.body = auditFailureBody(ctx.requestId);
          }
        },
      };
    },
  };
}
