/** Validates a published policy's JSON against the TierPolicyRules shape, naming the bad path. */
import { InputError } from '@ipvi/core';
import { NOTIFICATION_TYPES, OUTCOMES, SERVICES, TIERS, type TierPolicyRules } from './tier-policy';

type Obj = Record<string, unknown>;

function obj(v: unknown, path: string): Obj {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) throw new InputError(path, 'must be an object');
  return v as Obj;
}
function bool(o: Obj, key: string, path: string): boolean {
  if (typeof o[key] !== 'boolean') throw new InputError(`${path}.${key}`, 'must be true or false');
  return o[key];
}
function count(o: Obj, key: string, path: string, min: number, max: number): number {
  const v = o[key];
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max)
    throw new InputError(`${path}.${key}`, `must be a whole number from ${min} to ${max}`);
  return v;
}
function str(o: Obj, key: string, path: string): string {
  const v = o[key];
  if (typeof v !== 'string' || !v.trim()) throw new InputError(`${path}.${key}`, 'must be a non-empty string');
  return v;
}
function list<T extends string>(o: Obj, key: string, path: string, allowed?: readonly T[]): T[] {
  const v = o[key];
  if (!Array.isArray(v)) throw new InputError(`${path}.${key}`, 'must be a list');
  v.forEach((x, i) => {
    if (typeof x !== 'string' || (allowed && !allowed.includes(x as T)))
      throw new InputError(`${path}.${key}[${i}]`, allowed ? `must be one of ${allowed.join(', ')}` : 'must be a string');
  });
  return v as T[];
}
function oneOf<T extends string>(o: Obj, key: string, path: string, allowed: readonly T[]): T {
  const v = o[key];
  if (typeof v !== 'string' || !allowed.includes(v as T)) throw new InputError(`${path}.${key}`, `must be one of ${allowed.join(', ')}`);
  return v as T;
}

function prosecution(v: unknown, path: string): TierPolicyRules['tiers']['A']['prosecution'] {
  if (v === null) return null;
  const o = obj(v, path);
  const bond = o.bondRecommendation;
  if (bond !== null && typeof bond !== 'string') throw new InputError(`${path}.bondRecommendation`, 'must be a string or null');
  return { fastTrack: bool(o, 'fastTrack', path), bondRecommendation: bond };
}

export function validateTierPolicy(raw: unknown, path = 'input.rules'): TierPolicyRules {
  const root = obj(raw, path);
  const el = obj(root.eligibility, `${path}.eligibility`);
  const dv = obj(root.dvCharge, `${path}.dvCharge`);
  const pa = obj(root.prohibitedActs, `${path}.prohibitedActs`);
  const vh = obj(root.violentHistory, `${path}.violentHistory`);
  const esc = obj(root.escalation, `${path}.escalation`);
  const tiersRaw = obj(root.tiers, `${path}.tiers`);
  const tiers = Object.fromEntries(
    TIERS.map((t) => {
      const p = `${path}.tiers.${t}`;
      const o = obj(tiersRaw[t], p);
      return [
        t,
        {
          notification: oneOf(o, 'notification', p, NOTIFICATION_TYPES),
          dueHours: count(o, 'dueHours', p, 1, 24 * 365),
          dueFrom: oneOf(o, 'dueFrom', p, ['INCIDENT', 'ASSIGNMENT'] as const),
          servicesOffered: list(o, 'servicesOffered', p, SERVICES),
          prosecution: prosecution(o.prosecution ?? null, `${p}.prosecution`),
        },
      ];
    }),
  ) as unknown as TierPolicyRules['tiers'];
  const rules: TierPolicyRules = {
    summary: str(root, 'summary', path),
    eligibility: {
      relationshipCodes: list(el, 'relationshipCodes', `${path}.eligibility`),
      acceptIntimatePartnerFlag: bool(el, 'acceptIntimatePartnerFlag', `${path}.eligibility`),
    },
    dvCharge: { arrestCounts: bool(dv, 'arrestCounts', `${path}.dvCharge`), dvRelatedChargeCounts: bool(dv, 'dvRelatedChargeCounts', `${path}.dvCharge`) },
    prohibitedActs: {
      protectiveOrderViolation: bool(pa, 'protectiveOrderViolation', `${path}.prohibitedActs`),
      offenseCodes: list(pa, 'offenseCodes', `${path}.prohibitedActs`),
    },
    violentHistory: {
      minDvCharges: count(vh, 'minDvCharges', `${path}.violentHistory`, 2, 100),
      felonyCharge: bool(vh, 'felonyCharge', `${path}.violentHistory`),
      weapon: bool(vh, 'weapon', `${path}.violentHistory`),
    },
    escalation: {
      afterNoticeOnly: bool(esc, 'afterNoticeOnly', `${path}.escalation`),
      noticeGivenOutcomes: list(esc, 'noticeGivenOutcomes', `${path}.escalation`, OUTCOMES),
    },
    clearanceWaitHours: count(root, 'clearanceWaitHours', path, 0, 24 * 30),
    tiers,
  };
  if (!rules.dvCharge.arrestCounts && !rules.dvCharge.dvRelatedChargeCounts)
    throw new InputError(`${path}.dvCharge`, 'must count arrests, DV-related charges, or both');
  return rules;
}
