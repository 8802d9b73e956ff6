/**
 * The Lethality Assessment Program screen (LAP, Maryland model): 11 yes/no questions an officer asks
 * the victim at the scene. Screened in when any of Q1-3 is yes, or at least 4 of Q4-11 are yes, or on
 * the officer's belief. The rule lives here only; the graph and the import compute it from the answers.
 */

/** The 11 questions in form order; `key` is the field name in the graph, the import and the record. */
export const LAP_QUESTIONS = [
  { key: 'usedWeapon', text: 'Has he/she ever used a weapon against you or threatened you with a weapon?' },
  { key: 'threatenedToKill', text: 'Has he/she threatened to kill you or your children?' },
  { key: 'thinksMightKill', text: 'Do you think he/she might try to kill you?' },
  { key: 'hasGun', text: 'Does he/she have a gun or can he/she get one easily?' },
  { key: 'choked', text: 'Has he/she ever tried to choke you?' },
  { key: 'jealousOrControlling', text: 'Is he/she violently or constantly jealous or does he/she control most of your daily activities?' },
  { key: 'separated', text: 'Have you left him/her or separated after living together or being married?' },
  { key: 'unemployed', text: 'Is he/she unemployed?' },
  { key: 'suicidal', text: 'Has he/she ever tried to kill himself/herself?' },
  { key: 'childNotPartners', text: 'Do you have a child that he/she knows is not his/hers?' },
  { key: 'stalks', text: 'Does he/she follow or spy on you or leave threatening messages?' },
] as const;

export type LapQuestion = (typeof LAP_QUESTIONS)[number]['key'];
export const LAP_KEYS: readonly LapQuestion[] = LAP_QUESTIONS.map((q) => q.key);

/** Answers: true = yes, false = no, null = not asked / not answered. */
export type LapAnswers = Readonly<Record<LapQuestion, boolean | null>>;

export type LapResult = 'PROTOCOL' | 'OFFICER_BELIEF' | 'NOT_SCREENED_IN' | 'DECLINED';

export interface LapScreen {
  readonly answers: LapAnswers;
  /** The victim declined to answer. */
  readonly declined: boolean;
  /** The officer believes the victim is in danger (incl. the open "anything else that worries you?"). */
  readonly officerBelief: boolean;
}

/** How many of Q4-Q11 are yes. */
export function highRiskFactorCount(answers: LapAnswers): number {
  return LAP_KEYS.slice(3).filter((k) => answers[k] === true).length;
}

/** The result of a screen by the LAP rule. */
export function lapResult(s: LapScreen): LapResult {
  if (!s.declined && (LAP_KEYS.slice(0, 3).some((k) => s.answers[k] === true) || highRiskFactorCount(s.answers) >= 4)) return 'PROTOCOL';
  if (s.officerBelief) return 'OFFICER_BELIEF';
  return s.declined ? 'DECLINED' : 'NOT_SCREENED_IN';
}

export function screenedIn(s: LapScreen): boolean {
  const r = lapResult(s);
  return r === 'PROTOCOL' || r === 'OFFICER_BELIEF';
}
