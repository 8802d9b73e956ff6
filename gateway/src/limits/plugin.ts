/**
 * The limits that need the request (its variables, its answer): the cost of the resolved operation,
 * checked before the gateway plans it, and the size of the answer, checked before it is sent.
 */
import type { ApolloServerPlugin } from '@apollo/server';
import { ErrorCode, limitExceeded, type Logger } from '@ipvi/core';
import { operationCost } from './cost';
import type { QueryLimits } from './config';

/** Bytes of a JSON text, counted only when it could be near the cap (UTF-8 needs at most 3 bytes per UTF-16 unit). */
function overCap(text: string, maxBytes: number): boolean {
  if (text.length * 3 <= maxBytes) return false;
  return text.length > maxBytes || Buffer.byteLength(text) > maxBytes;
}

export function queryLimitsPlugin<C extends { readonly requestId: string }>(limits: QueryLimits, log?: Logger): ApolloServerPlugin<C> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ schema, document, operation, request, contextValue }) {
          if (!operation) return;
          const cost = operationCost(schema, document, operation, request.variables ?? {}, limits.maxCost);
          if (cost > limits.maxCost) {
            log?.warn('query refused: cost limit', { requestId: contextValue.requestId, limit: 'cost' });
            throw limitExceeded('cost');
          }
        },
        async willSendResponse({ response, contextValue }) {
          if (response.body.kind !== 'single') return;
          if (!overCap(JSON.stringify(response.body.singleResult), limits.maxResponseBytes)) return;
          log?.warn('answer refused: response size limit', { requestId: contextValue.requestId, limit: 'responseSize' });
          const e = limitExceeded('responseSize');
          response.body.singleResult = {
            errors: [{ message: e.message, extensions: { code: ErrorCode.LIMIT_EXCEEDED, limit: 'responseSize', requestId: contextValue.requestId } }],
          };
          response.http.status = 400;
        },
      };
    },
  };
}
