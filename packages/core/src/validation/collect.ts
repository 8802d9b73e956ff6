/**
 * Bad input, all of it in one answer: domain validation collects every problem of an input as
 * `{ field, reason }` (field = the input path, e.g. "input.contactMethods[1].value"; reason = why,
 * never the submitted value) from the zod schemas and the rules a schema cannot say (across fields,
 * against stored rows), and throws them together as one InputError: the formatter answers
 * BAD_USER_INPUT with `extensions.field` (the first) and `extensions.problems` (all).
 */
import type { z } from 'zod';
import { InputError } from '../errors';
import { Reason, problemsMessage, uniqueProblems, type InputProblem } from './problems';

/** BAD_USER_INPUT with every problem of one input (the first also as `field` / `reason`). */
export class InputProblems extends InputError {
  declare readonly problems: readonly InputProblem[];
  constructor(problems: readonly InputProblem[]) {
    const list = problems.length ? uniqueProblems(problems) : [{ field: 'input', reason: 'is not valid' }];
    super(list[0]!.field, list[0]!.reason);
    this.problems = list;
    this.message = problemsMessage(list);
  }
}

/** "input" + ["contactMethods", 1, "value"] -> "input.contactMethods[1].value". */
export function fieldPath(root: string, path: readonly PropertyKey[]): string {
  return path.reduce<string>((acc, k) => (typeof k === 'number' ? `${acc}[${k}]` : `${acc}${acc ? '.' : ''}${String(k)}`), root);
}

/** A reason for a zod issue: our rules set their own; a type error says what was expected, never the value. */
function reasonOf(issue: z.core.$ZodIssue): string {
  if (issue.code === 'invalid_type') return issue.input === undefined ? Reason.required : issue.input === null ? Reason.notNull : `must be ${issue.expected}`;
  if (issue.code === 'invalid_value') return `must be one of ${issue.values.map(String).join(', ')}`;
  return issue.message;
}

/** Collects the problems of one input: schema issues and the rules a schema cannot say. */
export class Problems {
  private readonly list: InputProblem[] = [];

  /** `root`: the argument the paths start at ("input", "filter"). */
  constructor(private readonly root = 'input') {}

  /** Adds a problem; `field` is a full path ("input.x") or one relative to the root ("x"). */
  add(field: string, reason: string): void {
    this.list.push({
      field: field === this.root || field.startsWith(`${this.root}.`) || field.startsWith(`${this.root}[`) ? field : fieldPath(this.root, [field]),
      reason,
    });
  }

  /** Adds a problem when `ok` is false. */
  check(ok: boolean, field: string, reason: string): void {
    if (!ok) this.add(field, reason);
  }

  /** Parses with a schema, recording its issues; the parsed value, or undefined when it has any. */
  parse<S extends z.ZodType>(schema: S, value: unknown): z.output<S> | undefined {
    const r = schema.safeParse(value);
    if (r.success) return r.data;
    for (const issue of r.error.issues) this.list.push({ field: fieldPath(this.root, issue.path), reason: reasonOf(issue) });
    return undefined;
  }

  /**
   * Runs a check that throws BAD_USER_INPUT (a shared rule such as pageOf, or another validator), recording its problems
   * here instead; its value, or undefined when it had any. Any other error is thrown on.
   */
  collect<T>(check: () => T): T | undefined {
    try {
      return check();
    } catch (e) {
      if (!(e instanceof InputError)) throw e;
      for (const problem of e.problems) this.add(problem.field, problem.reason);
      return undefined;
    }
  }

  get any(): boolean {
    return this.list.length > 0;
  }

  get all(): readonly InputProblem[] {
    return this.list;
  }

  /** Throws every problem collected so far, if any. */
  throwIfAny(): void {
    if (this.list.length) throw new InputProblems(this.list);
  }

  /** The parsed value once there is no problem (else throws them all). */
  done<T>(value: T | undefined): T {
    this.throwIfAny();
    if (value === undefined) throw new InputProblems([{ field: this.root, reason: 'is not valid' }]);
    return value;
  }
}

/** Parses one input with a schema, throwing every problem at once. */
export function parseInput<S extends z.ZodType>(schema: S, value: unknown, root = 'input'): z.output<S> {
  const p = new Problems(root);
  return p.done(p.parse(schema, value));
}
