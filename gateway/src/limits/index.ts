/**
 * The gateway's protections before planning: the token limit while parsing, depth/alias/directive
 * limits while validating, the input check and the cost limit once the operation is resolved, the
 * answer's size before sending, and a rate limit per subject before anything else.
 */
import type { ApolloServerPlugin } from '@apollo/server';
import type { ValidationRule } from 'graphql';
import type { HubMode } from '@ipvi/core/src/config';
import { ErrorCode } from '@ipvi/core/src/errors';
import { SERVICE_ROLES, type Principal, type Role } from '@ipvi/core/src/identity/principal';
import type { Logger } from '@ipvi/core/src/logger';
import type { Refusal } from '@ipvi/core/src/server/http';
import { inputValidationPlugin } from '@ipvi/core/src/server/plugins';
import { DEFAULT_INPUT_RULES } from '@ipvi/core/src/validation/input-values';
import { limitsFor, type QueryLimits } from './config';
import { queryLimitsPlugin } from './plugin';
import { SubjectRateLimiter } from './rate';
import { shapeLimitRule } from './shape';
import { singleItemRule } from './single-item';

export { DEFAULT_LIMITS, limitsFor, type QueryLimits } from './config';
export { operationCost, LIST_FACTOR, FIELD_WEIGHTS } from './cost';
export { measureOperation } from './shape';
export { SubjectRateLimiter } from './rate';
export { SINGLE_ITEM_FIELDS } from './single-item';

export interface GatewayLimits {
  readonly limits: QueryLimits;
  readonly parseOptions: { maxTokens: number };
  readonly validationRules: ValidationRule[];
  readonly plugins: ApolloServerPlugin<{ readonly requestId: string }>[];
  /** The rate limit: a 429 refusal for a subject over its budget, else undefined. */
  admit(principal: Principal): Refusal | undefined;
  /** The failed-login limit, per client address (see QueryLimits.authFailureRate). */
  readonly authFailures: AuthFailureLimit;
}

export interface AuthFailureLimit {
  /** A 429 refusal when the address has used up its failed authentications, else undefined. Takes nothing. */
  refuse(address: string): Refusal | undefined;
  /** Counts one failed authentication of the address; true when that emptied its bucket. */
  failed(address: string): boolean;
}

const tooManyFailures: Refusal = Object.freeze({
  status: 429,
  code: ErrorCode.RATE_LIMITED,
  message: 'Too many failed authentications from this address: wait a moment and retry.',
});

const isService = (p: Principal) => p.roles.some((r: Role) => (SERVICE_ROLES as readonly Role[]).includes(r));

export function gatewayLimits(mode: HubMode, overrides: Partial<QueryLimits> = {}, log?: Logger, now?: () => number): GatewayLimits {
  const limits = limitsFor(mode, overrides);
  const rate = new SubjectRateLimiter(now);
  const failures = new SubjectRateLimiter(now);
  return {
    limits,
    parseOptions: { maxTokens: limits.maxTokens },
    validationRules: [shapeLimitRule(limits), singleItemRule],
    plugins: [inputValidationPlugin(DEFAULT_INPUT_RULES), queryLimitsPlugin(limits, log)],
    admit(principal) {
      if (rate.take(principal.sub, isService(principal) ? limits.serviceRate : limits.rate)) return undefined;
      log?.warn('request refused: rate limit', { subject: principal.sub, limit: 'rate' });
      return { status: 429, code: ErrorCode.RATE_LIMITED, message: 'Too many requests from this subject: wait a moment and retry.' };
    },
    authFailures: {
      refuse: (address) => (failures.available(address, limits.authFailureRate) ? undefined : tooManyFailures),
      failed: (address) => {
        failures.take(address, limits.authFailureRate);
        return !failures.available(address, limits.authFailureRate);
      },
    },
  };
}
