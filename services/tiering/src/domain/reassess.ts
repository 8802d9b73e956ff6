/**
 * Re-evaluates one person (every record linked into it) under the active policy and, when the policy
 * now gives a higher tier, appends the assignment and everything the tier requires: the notification
 * (superseding the person's pending ones), and prosecution flags for B and A. Runs under the person's
 * lock in the caller's transaction.
 */
import type { EntityManager } from 'typeorm';
import { heldBeforeGoLive } from '../domain/go-live';
import { assignTier, type TierDecision } from '../engine/assign';
import { notificationPlan, prosecutionPlan } from '../engine/schedule';
import { CURRENT_TEMPLATE_VERSION } from '../letters/templates';
import { tierRank, type Tier, type TierPolicyRules } from '../policy/tier-policy';
import type { AssignmentRow } from '../repositories/assignment.repository';
import { snapshotOf, type CurrentTier, type OffenderSnapshot } from '../repositories/snapshot.repository';
import { recordTierChange, supersedeBelow } from '../repositories/tier-change.repository';

export const SYSTEM_SUBJECT = 'svc-tiering';

/** Rules of the assignments a link change writes (not the engine's: they carry a tier over, they never raise it). */
export const LINK_RULES = { linked: 'PERSONS_LINKED', unlinked: 'PERSONS_UNLINKED' } as const;

/**
 * Appends an assignment and schedules what its tier requires (notice, superseding, prosecution flag). `goLives`: every
 * site's go-live instant when the caller read them already (domain/go-live.ts).
 */
export async function commitAssignment(
  m: EntityManager,
  policy: TierPolicyRules,
  a: Omit<AssignmentRow, 'id'>,
  personRecords: readonly string[],
  now: Date,
  goLives?: ReadonlyMap<string, Date>,
): Promise<AssignmentRow> {
  const decision: TierDecision = {
    level: a.level,
    rule: a.rule as TierDecision['rule'],
    explanation: a.explanation,
    template: a.template,
    refs: a.refs ?? [],
    incidentIds: a.incidentIds,
    triggerIncidentId: a.triggerIncidentId,
    effectiveAt: a.effectiveAt,
  };
  return recordTierChange(m, {
    assignment: a,
    personRecords,
    notice: { plan: notificationPlan(policy, decision, now), templateVersion: CURRENT_TEMPLATE_VERSION },
    prosecution: prosecutionPlan(policy, a.level),
    heldBeforeGoLive: await heldBeforeGoLive(m, a.agencyOri, a.effectiveAt, goLives),
    now,
  });
}

/** A tier a person must keep through a link change (never demote automatically), and why. */
export interface TierFloor {
  readonly current: CurrentTier;
  readonly rule: (typeof LINK_RULES)[keyof typeof LINK_RULES];
  readonly why: string;
}

/** What the caller read for the person already (a feed apply reads it with the incident's recording): the snapshot, and every site's go-live instant. */
export interface PersonReads {
  readonly snapshot: OffenderSnapshot;
  readonly goLives: ReadonlyMap<string, Date>;
}

/**
 * The person's new assignment, or null when nothing changes. `members` are the person's records
 * (locked by the caller); `record` is where an assignment is written when no incident triggered it.
 * With a `floor`, the person keeps at least the floor's tier: when the policy gives no higher one, the
 * floor's tier is carried over (no new notice; pending lower notices are superseded). `reads`: the
 * person's snapshot as read under those locks, when the caller has it (else it is read here).
 */
export async function reassessPerson(
  m: EntityManager,
  members: readonly string[],
  now: Date,
  floor: TierFloor | null = null,
  reads?: PersonReads,
): Promise<AssignmentRow | null> {
  const { policy, ledger, notices, overrides, current } = reads?.snapshot ?? (await snapshotOf(m, members));
  const decision = assignTier({ policyVersion: policy.version, policy: policy.rules, ledger, notices, overrides, now });
  const floorRank = tierRank(floor?.current.level);
  if (decision && tierRank(decision.level) > Math.max(tierRank(current?.level), floorRank)) {
    const trigger = ledger.find((i) => i.incidentId === decision.triggerIncidentId);
    return commitAssignment(
      m,
      policy.rules,
      {
        offenderId: trigger?.offenderId ?? current?.offenderId ?? members[0]!,
        agencyOri: trigger?.agencyOri ?? current?.agencyOri ?? ledger.at(-1)!.agencyOri,
        level: decision.level,
        previousLevel: current?.level ?? null,
        rule: decision.rule,
        explanation: decision.explanation,
        template: decision.template,
        refs: [...decision.refs],
        assignedAt: now,
        effectiveAt: decision.effectiveAt,
        policyVersion: policy.version,
        incidentIds: [...decision.incidentIds],
        triggerIncidentId: decision.triggerIncidentId,
        assignedBy: SYSTEM_SUBJECT,
        justification: null,
      },
      members,
      now,
      reads?.goLives,
    );
  }
  if (!floor || floorRank <= tierRank(current?.level)) return null;
  // Linked, the kept tier stays the agency's whose incident set it; apart again, each part owns its own.
  const owner = floor.rule === LINK_RULES.unlinked ? (ledger[0]?.agencyOri ?? floor.current.agencyOri) : floor.current.agencyOri;
  return carryOver(m, policy.version, members, current, floor, owner, now);
}

/** Writes the floor's tier for the person (a link change), without a new notice. */
async function carryOver(
  m: EntityManager,
  policyVersion: string,
  members: readonly string[],
  current: CurrentTier | null,
  floor: TierFloor,
  agencyOri: string,
  now: Date,
): Promise<AssignmentRow> {
  const f = floor.current;
  const prefix = `Tier ${f.level} kept (rule ${floor.rule}): ${floor.why}; it rested on: `;
  const row = await recordTierChange(m, {
    assignment: {
      offenderId: current?.offenderId ?? members[0]!,
      agencyOri,
      level: f.level,
      previousLevel: current?.level ?? null,
      rule: floor.rule,
      explanation: prefix + f.explanation,
      template: f.template === null ? null : prefix + f.template,
      refs: f.refs,
      assignedAt: now,
      effectiveAt: now,
      policyVersion,
      incidentIds: f.incidentIds,
      triggerIncidentId: null,
      assignedBy: SYSTEM_SUBJECT,
      justification: null,
    },
    personRecords: members,
    notice: null,
    prosecution: null,
    now,
  });
  if (!(await heldBeforeGoLive(m, agencyOri, now))) await supersedeBelow(m, members, f.level satisfies Tier, now, SYSTEM_SUBJECT);
  return row;
}
