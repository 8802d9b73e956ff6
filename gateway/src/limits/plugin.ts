/**
 * The limits that need the request (its variables, its answer): the cost of the resolved operation,
 * checked before the gateway plans it, and the size of the answer, checked before it is sent.
 */
import type { ApolloServerPlugin } from '@apollo/server';
import { ErrorCode, limitExceeded } from '@ipvi/core/src/errors';
import type { Logger } from '@ipvi/core/src/logger';
import { memoisedOperationCost } from './cost';
import type { QueryLimits } from './config';

/**
 * Whether a JSON value's text can be longer than `maxBytes`, without writing it: every string or key
 * counted at 6 bytes per UTF-16 unit (the longest a \uXXXX escape takes; UTF-8 needs at most 3),
 * numbers at 24, punctuation generously. Stops as soon as the bound passes `maxBytes`: then the
 * exact size is measured. The usual answer, far under the cap, is never serialised twice.
 */
export function mayExceed(value: unknown, maxBytes: number): boolean {
  let bound = 0;
  const walk = (v: unknown): boolean => {
    if (typeof v === 'string') bound += 6 * v.length + 2;
    else if (v === null || typeof v !== 'object') bound += 24;
    else if (Array.isArray(v)) {
      bound += 2;
      for (const x of v) {
        bound += 1;
        if (walk(x)) return true;
      }
    } else {
      bound += 2;
      for (const k in v) {
        if (!Object.prototype.hasOwnProperty.call(v, k)) continue;
        bound += 6 * k.length + 4;
        if (walk((v as Record<string, unknown>)[k])) return true;
      }
    }
    return bound > maxBytes;
  };
  return walk(value) || bound > maxBytes;
}

/** Bytes of a JSON text, counted only when it could be near the cap (UTF-8 needs at most 3 bytes per UTF-16 unit). */
function overCap(text: string, maxBytes: number): boolean {
  if (text.length * 3 <= maxBytes) return false;
  return text.length > maxBytes || Buffer.byteLength(text) > maxBytes;
}

export function queryLimitsPlugin<C extends { readonly requestId: string }>(limits: QueryLimits, log?: Logger): ApolloServerPlugin<C> {
  const costOf = memoisedOperationCost();
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ schema, document, operation, request, contextValue }) {
          if (!operation) return;
          const cost = costOf(schema, document, operation, request.variables ?? {}, limits.maxCost);
          if (cost > limits.maxCost) {
            log?.warn('query refused: cost limit', { requestId: contextValue.requestId, limit: 'cost' });
            throw limitExceeded('cost');
          }
        },
        async willSendResponse({ response, contextValue }) {
          if (response.body.kind !== 'single') return;
          const result = response.body.singleResult;
          if (!mayExceed(result, limits.maxResponseBytes) || !overCap(JSON.stringify(result), limits.maxResponseBytes)) return;
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
