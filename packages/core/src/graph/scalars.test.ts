import { DateScalar, DateTimeScalar } from './scalars';

describe('DateTime', () => {
  it('accepts instants with a zone', () => {
    expect((DateTimeScalar.parseValue('2026-01-31T22:15:00Z') as Date).toISOString()).toBe('2026-01-31T22:15:00.000Z');
    expect((DateTimeScalar.parseValue('2026-01-31T22:15:00.5-05:00') as Date).toISOString()).toBe('2026-02-01T03:15:00.500Z');
  });
  it.each(['2026-02-30T10:00:00Z', '2026-13-01T10:00:00Z', '2026-01-31T24:00:00Z', '2026-01-31T22:15:00', '2026-01-31', 'tomorrow'])('refuses %s', (v) => {
    expect(() => DateTimeScalar.parseValue(v)).toThrow(/ISO-8601/);
  });
});

describe('Date', () => {
  it('accepts real calendar dates only', () => {
    expect(DateScalar.parseValue('2024-02-29')).toBe('2024-02-29');
    expect(() => DateScalar.parseValue('2023-02-29')).toThrow();
  });
});
