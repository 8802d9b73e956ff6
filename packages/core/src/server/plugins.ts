/** Apollo Server plugins every hub server uses: the request id on every error, and the audit flush. */
import type { ApolloServerPlugin, GraphQLResponse } from '@apollo/server';
import type { GraphQLFormattedError } from 'graphql';
import type { AuditStore } from '../audit/store';
import type { ServiceName } from '../config';
import type { HubContext } from '../context';
import { ErrorCode } from '../errors';
import { errorFields, type Logger } from '../logger';

type GraphQLResponseBody = NonNullable<GraphQLResponse['body']>;

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
          const entries = ctx.audit.drain();
          if (entries.length === 0) return;
          try {
            await store.append(
              { requestId: ctx.requestId, subject: ctx.principal.sub, role: ctx.principal.roles.join(','), agency: ctx.principal.agency, operation: clientOperationName(operationName, service) },
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
