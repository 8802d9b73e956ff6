/** What a command needs from the request: who acts, the clock, the audit collector, the database. */
import type { DataSource } from 'typeorm';
import { InputError, type AuditCollector, type HubConfig, type Principal } from '@ipvi/core';
import type { TieringScope } from '../repositories/scope';

export interface CommandContext {
  readonly ds: DataSource;
  readonly principal: Principal;
  /** What the caller may see and act on (see repositories/scope.ts). */
  readonly scope: TieringScope;
  readonly config: HubConfig;
  readonly audit: AuditCollector;
  readonly now: () => Date;
}

/** A required free-text reason: trimmed, non-empty, bounded. */
export function requiredText(value: string | null | undefined, field: string, max = 2000): string {
  const v = (value ?? '').trim();
  if (!v) throw new InputError(field, 'is required');
  if (v.length > max) throw new InputError(field, `must be at most ${max} characters`);
  return v;
}

/** An instant that may not lie in the future (a minute of clock skew allowed). */
export function pastInstant(value: Date, field: string, now: Date): Date {
  if (value.getTime() > now.getTime() + 60_000) throw new InputError(field, 'may not be in the future');
  return value;
}
