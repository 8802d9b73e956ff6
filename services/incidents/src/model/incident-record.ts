/**
 * The incident record: what one RMS record says, normalized. Validation produces a draft; the writer
 * resolves the offender and completes it into the canonical record, whose hash decides whether a
 * re-recorded incident is unchanged or an amendment, and which is kept whole in each version.
 */
import { createHash } from 'node:crypto';
import { LAP_KEYS, type LapAnswers, type LapQuestion } from '../lethality';
import { INTIMATE_PARTNER_CODES, isProtectiveOrderStatute, PROTECTIVE_ORDER_OFFENSE, WEAPON_INVOLVED_CODES, type Disposition } from '../nibrs';

/** An offender as given: an existing id, or name + date of birth (and identifiers). */
export interface OffenderDraft {
  readonly id: string | null;
  readonly name: string | null;
  readonly dateOfBirth: string | null;
  readonly aliases: readonly string[];
  readonly stateId: string | null;
  readonly localId: string | null;
}

export interface VictimDraft {
  readonly name: string;
  readonly dateOfBirth: string | null;
  readonly phone: string | null;
  readonly address: string | null;
  readonly injury: string | null;
}

export interface ChargeDraft {
  readonly statute: string;
  readonly description: string;
  readonly dvRelated: boolean;
  readonly felony: boolean;
  readonly chargedOn: string | null;
  readonly disposition: Disposition;
  readonly dispositionDate: string | null;
}

export interface ScreenDraft {
  readonly screenedAt: string;
  readonly administeredBy: string | null;
  readonly answers: LapAnswers;
  readonly declined: boolean;
  readonly officerBelief: boolean;
  readonly spokeWithHotline: boolean | null;
}

export interface OffenseDraft {
  readonly code: string;
  readonly attempted: boolean;
}

/** Fields every version of an incident has, in a fixed order (the hash depends on it). */
interface IncidentFields {
  readonly agencyOri: string;
  readonly rmsNumber: string;
  readonly occurredAt: string;
  readonly reportedAt: string | null;
  readonly location: string | null;
  readonly offenses: readonly OffenseDraft[];
  readonly relationshipCode: string | null;
  readonly intimatePartnerValidated: boolean | null;
  readonly arrestMade: boolean;
  readonly weapon: string | null;
  readonly injury: string | null;
  readonly childrenPresent: boolean | null;
  readonly narrative: string | null;
  readonly reportingOfficer: string | null;
  readonly victims: readonly VictimDraft[];
  readonly charges: readonly ChargeDraft[];
  readonly violatedProtectiveOrderNumber: string | null;
}

/** A validated incident input. `lethalityScreen` undefined = keep whatever screen the incident has. */
export interface IncidentDraft extends IncidentFields {
  readonly offender: OffenderDraft;
  readonly lethalityScreen: ScreenDraft | null | undefined;
  /** Fixed id for a new incident (demo seed only; otherwise generated). */
  readonly id?: string;
}

/** The canonical record of one version of an incident (stored whole; hashed for idempotency). */
export interface IncidentRecord extends IncidentFields {
  readonly offender: { readonly id: string; readonly aliases: readonly string[]; readonly stateId: string | null; readonly localId: string | null };
  readonly lethalityScreen: ScreenDraft | null;
}

/** Completes a draft with its resolved offender and the screen it keeps. Key order is fixed here. */
export function recordOf(d: IncidentDraft, offenderId: string, existingScreen: ScreenDraft | null): IncidentRecord {
  return {
    agencyOri: d.agencyOri,
    rmsNumber: d.rmsNumber,
    occurredAt: d.occurredAt,
    reportedAt: d.reportedAt,
    location: d.location,
    offenses: d.offenses.map((o) => ({ code: o.code, attempted: o.attempted })),
    relationshipCode: d.relationshipCode,
    intimatePartnerValidated: d.intimatePartnerValidated,
    arrestMade: d.arrestMade,
    weapon: d.weapon,
    injury: d.injury,
    childrenPresent: d.childrenPresent,
    narrative: d.narrative,
    reportingOfficer: d.reportingOfficer,
    offender: { id: offenderId, aliases: [...d.offender.aliases].sort(), stateId: d.offender.stateId, localId: d.offender.localId },
    victims: d.victims.map((v) => ({ name: v.name, dateOfBirth: v.dateOfBirth, phone: v.phone, address: v.address, injury: v.injury })),
    charges: d.charges.map((c) => ({
      statute: c.statute,
      description: c.description,
      dvRelated: c.dvRelated,
      felony: c.felony,
      chargedOn: c.chargedOn,
      disposition: c.disposition,
      dispositionDate: c.dispositionDate,
    })),
    lethalityScreen: screenOf(d.lethalityScreen === undefined ? existingScreen : d.lethalityScreen),
    violatedProtectiveOrderNumber: d.violatedProtectiveOrderNumber,
  };
}

/** A screen with its keys in the fixed order (a screen read back from jsonb has them reordered). */
function screenOf(s: ScreenDraft | null): ScreenDraft | null {
  if (!s) return null;
  const answers = Object.fromEntries(LAP_KEYS.map((k) => [k, s.answers[k] ?? null])) as Record<LapQuestion, boolean | null>;
  return {
    screenedAt: s.screenedAt,
    administeredBy: s.administeredBy,
    answers,
    declined: s.declined,
    officerBelief: s.officerBelief,
    spokeWithHotline: s.spokeWithHotline,
  };
}

/** Content hash of a record: equal hashes = nothing changed. */
export function hashOf(r: IncidentRecord): string {
  return createHash('sha256').update(JSON.stringify(r)).digest('hex');
}

/** Intimate partner: the officer's validation when given, else the relationship code. */
export function isIntimatePartner(r: Pick<IncidentFields, 'relationshipCode' | 'intimatePartnerValidated'>): boolean {
  return r.intimatePartnerValidated ?? (r.relationshipCode !== null && INTIMATE_PARTNER_CODES.has(r.relationshipCode));
}

/** A weapon was involved: a NIBRS weapon/force code other than hands/feet, strangulation, unknown or none (nibrs.ts). */
export function isWeaponInvolved(r: Pick<IncidentFields, 'weapon'>): boolean {
  return r.weapon !== null && WEAPON_INVOLVED_CODES.includes(r.weapon);
}

/** A protective-order violation: a linked order, or a 90Z with a G.S. 50B-4.1 charge. */
export function isProtectiveOrderViolation(r: Pick<IncidentFields, 'violatedProtectiveOrderNumber' | 'offenses' | 'charges'>): boolean {
  if (r.violatedProtectiveOrderNumber !== null) return true;
  return r.offenses.some((o) => o.code === PROTECTIVE_ORDER_OFFENSE) && r.charges.some((c) => isProtectiveOrderStatute(c.statute));
}

/** The draft that re-records a stored record unchanged, with another screen when given (undefined = keep). */
export function draftOf(r: IncidentRecord, screen?: ScreenDraft | null): IncidentDraft {
  const offender = { id: r.offender.id, name: null, dateOfBirth: null, aliases: r.offender.aliases, stateId: r.offender.stateId, localId: r.offender.localId };
  return { ...r, offender, lethalityScreen: screen === undefined ? r.lethalityScreen : screen };
}
