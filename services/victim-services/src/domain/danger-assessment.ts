/**
 * Campbell's Danger Assessment: 20 yes/no items, a weighted score and its band (advocates only).
 * The weights are data: check them against the scoring sheet the site's advocates are certified on.
 */
import type { DangerBand } from '../entities';

export type { DangerBand };

export const DA_ITEM_COUNT = 20;

/**
 * Weight of a "yes" to each item, item 1 first: 1 violence increased; 2 owns a gun; 3 left after
 * living together; 4 unemployed; 5 weapon used or threatened; 6 threatens to kill; 7 avoided
 * arrest for DV; 8 child not his; 9 forced sex; 10 choking; 11 illegal drugs; 12 problem drinker;
 * 13 controls daily activities; 14 violently jealous; 15 beaten while pregnant; 16 threatened or
 * tried suicide; 17 threatens to harm the children; 18 believes he could kill her; 19 stalking;
 * 20 she threatened or tried suicide.
 */
export const DA_WEIGHTS: readonly number[] = [1, 3, 4, 4, 5, 2, 3, 2, 1, 4, 1, 1, 1, 1, 1, 1, 1, 3, 1, 1];
/** Item 3a ("never lived with him") subtracts this many points. */
export const DA_NEVER_LIVED_TOGETHER_ADJUSTMENT = -3;

/** Bands: below 8 variable, 8-13 increased, 14-17 severe, 18 or more extreme. */
export function dangerBand(score: number): DangerBand {
  if (score >= 18) return 'EXTREME';
  if (score >= 14) return 'SEVERE';
  if (score >= 8) return 'INCREASED';
  return 'VARIABLE';
}

export interface DangerScore {
  readonly score: number;
  readonly band: DangerBand;
}

/** The problems of a set of answers, as { field, reason } (none: they can be scored). */
export function dangerAnswerProblems(answers: readonly boolean[], neverLivedTogether: boolean): { field: string; reason: string }[] {
  const problems: { field: string; reason: string }[] = [];
  if (answers.length !== DA_ITEM_COUNT) problems.push({ field: 'input.answers', reason: `must hold exactly ${DA_ITEM_COUNT} answers, item 1 first` });
  if (neverLivedTogether && answers[2])
    problems.push({ field: 'input.neverLivedTogether', reason: 'item 3 (left after living together) cannot be yes when they never lived together' });
  return problems;
}

/** Scores valid answers (see dangerAnswerProblems); never below zero. */
export function scoreDangerAssessment(answers: readonly boolean[], neverLivedTogether: boolean): DangerScore {
  let score = answers.reduce((sum, yes, i) => sum + (yes ? DA_WEIGHTS[i]! : 0), 0);
  if (neverLivedTogether) score += DA_NEVER_LIVED_TOGETHER_ADJUSTMENT;
  score = Math.max(0, score);
  return { score, band: dangerBand(score) };
}
