import { editDistance, normalizeName, similarNames } from './names';

describe('offender name matching', () => {
  it('normalizes case, spacing, punctuation, accents and "Last, First"', () => {
    expect(normalizeName('  JOHN   Smith ')).toBe('john smith');
    expect(normalizeName('Smith, John')).toBe('john smith');
    expect(normalizeName("José O'Brien-Díaz")).toBe('jose o brien diaz');
  });

  it('measures small spelling differences', () => {
    expect(editDistance('jon smith', 'john smith')).toBe(1);
    expect(editDistance('jon smith', 'john smyth')).toBe(2);
    expect(editDistance('john smith', 'jane smyth', 3)).toBe(4);
    expect(editDistance('a', 'abcdefgh', 2)).toBe(3);
  });

  it('flags likely duplicates and leaves different people alone', () => {
    expect(similarNames('jon smith', 'john smith')).toBe(true);
    expect(similarNames('smith john', 'john smith')).toBe(true);
    expect(similarNames('j smith', 'john smith')).toBe(true);
    expect(similarNames('maria garcia', 'john smith')).toBe(false);
    expect(similarNames('mary smith', 'john smith')).toBe(false);
  });
});
