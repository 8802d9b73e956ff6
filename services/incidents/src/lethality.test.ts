import { LAP_KEYS, lapResult, screenedIn, type LapAnswers, type LapQuestion } from './lethality';

function answers(yes: number[], asked = true): LapAnswers {
  return Object.fromEntries(LAP_KEYS.map((k, i) => [k, yes.includes(i + 1) ? true : asked ? false : null])) as Record<LapQuestion, boolean | null>;
}

const screen = (yes: number[], opts: { declined?: boolean; officerBelief?: boolean } = {}) => ({
  answers: answers(yes),
  declined: false,
  officerBelief: false,
  ...opts,
});

describe('the LAP screening rule', () => {
  it.each([1, 2, 3])('screens in on a yes to question %i alone', (q) => {
    expect(lapResult(screen([q]))).toBe('PROTOCOL');
  });

  it('needs four yes answers among questions 4-11', () => {
    expect(lapResult(screen([4, 5, 6]))).toBe('NOT_SCREENED_IN');
    expect(lapResult(screen([4, 5, 6, 11]))).toBe('PROTOCOL');
    expect(lapResult(screen([8, 9, 10, 11]))).toBe('PROTOCOL');
  });

  it('screens in on the officer belief when the answers do not', () => {
    expect(lapResult(screen([4], { officerBelief: true }))).toBe('OFFICER_BELIEF');
    expect(screenedIn(screen([4], { officerBelief: true }))).toBe(true);
  });

  it('reports a declined screen, screened in only by officer belief', () => {
    const declined = { answers: answers([], false), declined: true, officerBelief: false };
    expect(lapResult(declined)).toBe('DECLINED');
    expect(screenedIn(declined)).toBe(false);
    expect(lapResult({ ...declined, officerBelief: true })).toBe('OFFICER_BELIEF');
  });

  it('does not count unanswered questions as yes', () => {
    expect(lapResult({ answers: answers([4, 5, 6], false), declined: false, officerBelief: false })).toBe('NOT_SCREENED_IN');
  });
});
