/**
 * The gateway's query limits, in one place. Numbers are never sent to clients: a refusal says which
 * limit was hit (extensions.limit), not where it lies.
 */
import type { HubMode } from '@ipvi/core/src/config';

export interface QueryLimits {
  /** Deepest field nesting of an operation (fragments expanded). */
  readonly maxDepth: number;
  /** Most aliases in one operation. */
  readonly maxAliases: number;
  /** Most directives in one operation. */
  readonly maxDirectives: number;
  /** Most lexical tokens in one document (checked while parsing). */
  readonly maxTokens: number;
  /** Highest estimated cost (see cost.ts: fields resolved, lists multiplied by their page size). */
  readonly maxCost: number;
  /** Largest JSON answer, bytes. */
  readonly maxResponseBytes: number;
  /** Per subject (token `sub`): a bucket of `burst` requests refilled at `perSecond`. */
  readonly rate: { readonly burst: number; readonly perSecond: number };
  /** The same for service principals (feed consumers catching up read many pages in a row). */
  readonly serviceRate: { readonly burst: number; readonly perSecond: number };
  /**
   * Per client address: a bucket of `burst` failed authentications (bad, forged or expired tokens)
   * refilled at `perSecond`. An address with an empty bucket is answered 429 before any signature is
   * checked (a token already verified and cached still passes).
   */
  readonly authFailureRate: { readonly burst: number; readonly perSecond: number };
}

export const DEFAULT_LIMITS: QueryLimits = Object.freeze({
  maxDepth: 12,
  maxAliases: 30,
  maxDirectives: 30,
  maxTokens: 4000,
  // A page of 100 offenders with their incidents, victims, charges and orders (incidents-loaders' query) costs 67,701; a page of
  // 100 under a page of 100 costs 130,301 and is refused.
  maxCost: 100_000,
  maxResponseBytes: 5 * 1024 * 1024,
  rate: Object.freeze({ burst: 200, perSecond: 20 }),
  serviceRate: Object.freeze({ burst: 2000, perSecond: 200 }),
  authFailureRate: Object.freeze({ burst: 30, perSecond: 1 }),
});

/**
 * The limits of a mode. Tests (mode `test`) run whole suites as a handful of subjects from one
 * address in a few seconds, so their rate buckets are large; every other limit is the same in every mode.
 */
export function limitsFor(mode: HubMode, overrides: Partial<QueryLimits> = {}): QueryLimits {
  const base =
    mode === 'test'
      ? {
          ...DEFAULT_LIMITS,
          rate: { burst: 100_000, perSecond: 10_000 },
          serviceRate: { burst: 100_000, perSecond: 10_000 },
          authFailureRate: { burst: 100_000, perSecond: 10_000 },
        }
      : DEFAULT_LIMITS;
  return Object.freeze({ ...base, ...overrides });
}
