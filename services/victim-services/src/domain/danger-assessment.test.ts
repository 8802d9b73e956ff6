import { DA_WEIGHTS, dangerAnswerProblems, dangerBand, scoreDangerAssessment } from './danger-assessment';

const none = (): boolean[] => Array.from({ length: 20 }, () => false);
const yes = (...items: number[]): boolean[] => none().map((_, i) => items.includes(i + 1));

describe('Danger Assessment scoring', () => {
  it('bands scores at the documented boundaries: <8 variable, 8-13 increased, 14-17 severe, >=18 extreme', () => {
    expect([0, 7, 8, 13, 14, 17, 18, 40].map(dangerBand)).toEqual(['VARIABLE', 'VARIABLE', 'INCREASED', 'INCREASED', 'SEVERE', 'SEVERE', 'EXTREME', 'EXTREME']);
  });

  it('weights items rather than counting them', () => {
    expect(scoreDangerAssessment(yes(1), false).score).toBe(1);
    expect(scoreDangerAssessment(yes(5), false).score).toBe(5);
    expect(scoreDangerAssessment(yes(2, 5, 10), false)).toEqual({ score: 12, band: 'INCREASED' });
    expect(
      scoreDangerAssessment(
        none().map(() => true),
        false,
      ).score,
    ).toBe(DA_WEIGHTS.reduce((a, b) => a + b, 0));
  });

  it('subtracts for "never lived together" but never goes below zero', () => {
    expect(scoreDangerAssessment(yes(2, 5), true).score).toBe(5);
    expect(scoreDangerAssessment(yes(1), true).score).toBe(0);
  });

  it('refuses a wrong number of answers, and item 3 with "never lived together"', () => {
    expect(dangerAnswerProblems([true], false)).toEqual([{ field: 'input.answers', reason: 'must hold exactly 20 answers, item 1 first' }]);
    expect(dangerAnswerProblems(yes(3), true).map((p) => p.field)).toEqual(['input.neverLivedTogether']);
    expect(dangerAnswerProblems([true, true, true], true).map((p) => p.field)).toEqual(['input.answers', 'input.neverLivedTogether']);
    expect(dangerAnswerProblems(yes(2), false)).toEqual([]);
  });
});
