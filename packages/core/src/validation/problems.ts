/**
 * One problem of a request's input: the input path it is at and why it is refused. Reasons name
 * the expectation (missing, wrong type, not one of the allowed values and the closest one, out of
 * range); they never carry the submitted value.
 */
export interface InputProblem {
  /** The input path, e.g. `input.offender.name`, `input.offenses[1]`, `after`. */
  readonly field: string;
  readonly reason: string;
}

/** The reasons, worded once (tests assert them). */
export const Reason = {
  required: 'is required',
  notNull: 'must not be null',
  string: 'must be a string',
  integer: 'must be an integer',
  int32: 'is out of range for an integer (32-bit)',
  number: 'must be a number',
  boolean: 'must be true or false',
  uuid: 'must be a UUID',
  nul: 'must not contain a NUL character',
  tooLong: 'is too long',
  tooMany: 'has too many items',
  object: (type: string) => `must be an object of type ${type}`,
  unknownField: (type: string) => `is not a field of ${type}`,
  unknownFieldName: (type: string) => `names a field that ${type} does not have`,
  range: (min: number, max: number) => `must be between ${min} and ${max}`,
  enumValue: (type: string, values: readonly string[], closest: string | undefined) =>
    `must be one of the values of ${type}${values.length <= 10 ? ` (${values.join(', ')})` : ''}${closest ? `; the closest is ${closest}` : ''}`,
} as const;

/** Problems in order, without duplicates, at most `max` of them. */
export function uniqueProblems(problems: readonly InputProblem[], max = 20): InputProblem[] {
  const seen = new Set<string>();
  const out: InputProblem[] = [];
  for (const p of problems) {
    const key = `${p.field}\u0001${p.reason}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(p);
    if (out.length >= max) break;
  }
  return out;
}

/** The message of a BAD_USER_INPUT error: every problem as `field: reason`. */
export function problemsMessage(problems: readonly InputProblem[]): string {
  return problems.map((p) => `${p.field}: ${p.reason}`).join('; ');
}
