/**
 * Incidents and lethality screens, for one request: validate (every problem of an input at once),
 * check the references the caller must be able to see, write in ONE transaction through the incident
 * writer (domain/incident-writer.ts), and return the stored rows. Audit is core's (the payload names
 * the incident); nothing here writes it.
 */
import { conflict, InputProblems, type InputProblem } from '@ipvi/core';
import { draftOf, type IncidentDraft, type IncidentRecord } from '../model/incident-record';
import type { IncidentRow } from '../repositories/incident.repository';
import { writableAgencies } from '../repositories/scope';
import { validateIncident, validateScreen, type Validated } from './incident-input';
import type { DomainEnv } from './env';
import { writeIncidents, type WriteRequest } from './incident-writer';
import type { PossibleDuplicate } from './offender-matching';

/** What a recordIncident / amendIncident / recordLethalityScreen payload holds. */
export interface IncidentWriteResult {
  readonly incident: IncidentRow;
  readonly created: boolean;
  readonly amended: boolean;
  readonly duplicates: PossibleDuplicate[];
}

export interface AmendInput {
  readonly id: string;
  readonly expectedVersion?: number | null;
  readonly incident: unknown;
}

export interface ScreenInput {
  readonly incidentId: string;
  readonly screen: unknown;
}

/** The value, or every problem of the input at once (BAD_USER_INPUT). */
export function valid<T>(v: Validated<T>): T {
  if (!v.value) throw new InputProblems(v.problems);
  return v.value;
}

/** Problems under `path` (a writer reports them relative to its input). */
export function under(path: string, problems: readonly InputProblem[]): InputProblem[] {
  return problems.map((p) => ({ field: `${path}.${p.field}`, reason: p.reason }));
}

export class IncidentService {
  constructor(private readonly env: DomainEnv) {}

  /** Validation options of this request: its clock and the agencies the caller may record for. */
  options(path: string) {
    const { principal, config, now } = this.env;
    return { now: now(), path, agencies: writableAgencies(principal, config), partnerAgencies: config.partnership.policeAgencies };
  }

  /**
   * The references a draft names that need the database, all problems at once: an explicit offender id
   * must be a record the caller can see AND the recording agency owns (another agency's answers like a
   * missing one); a violated order number must be an order the recording agency recorded.
   */
  private async referenceProblems(draft: IncidentDraft, path: string): Promise<InputProblem[]> {
    const problems: InputProblem[] = [];
    const id = draft.offender.id;
    if (id && !(await this.env.repos.offenders.ownedBy(id, draft.agencyOri)))
      problems.push({ field: `${path}.offender.id`, reason: 'is not a known offender' });
    const num = draft.violatedProtectiveOrderNumber;
    if (num !== null && !(await this.env.repos.orders.existsFor(draft.agencyOri, num))) {
      problems.push({ field: `${path}.violatedProtectiveOrderNumber`, reason: 'is not a protective order recorded by this agency' });
    }
    return problems;
  }

  private async visibleDuplicates(d: readonly PossibleDuplicate[]): Promise<PossibleDuplicate[]> {
    if (!d.length) return [];
    const visible = new Set((await this.env.repos.offenders.byIds(d.map((x) => x.offenderId))).map((o) => o.id));
    return d.filter((x) => visible.has(x.offenderId));
  }

  private async write(request: WriteRequest, path: string): Promise<IncidentWriteResult> {
    const [outcome] = await this.env.ds.transaction((m) => writeIncidents(m, [request]));
    if (outcome!.status === 'rejected') throw new InputProblems(under(path, outcome!.problems));
    if (outcome!.status === 'conflict') throw conflict(`The incident is at version ${outcome!.version}; read it again and amend that version.`);
    const [incident] = await this.env.repos.incidents.byIds([outcome!.incidentId]);
    if (!incident) throw new Error('a written incident is not readable by its writer');
    return {
      incident,
      created: outcome!.status === 'created',
      amended: outcome!.status === 'amended',
      duplicates: await this.visibleDuplicates(outcome!.duplicates),
    };
  }

  async record(input: unknown): Promise<IncidentWriteResult> {
    const draft = valid(validateIncident(input, this.options('input')));
    const problems = await this.referenceProblems(draft, 'input');
    if (problems.length) throw new InputProblems(problems);
    return this.write({ draft }, 'input');
  }

  /** The stored incident an amendment or a screen applies to, within the caller's scope (another agency's: like a missing one). */
  private async current(id: string, field: string) {
    const cur = await this.env.repos.incidents.currentRecord(id);
    if (!cur) throw new InputProblems([{ field, reason: 'is not a known incident' }]);
    return cur;
  }

  async amend(input: AmendInput): Promise<IncidentWriteResult> {
    const cur = await this.current(input.id, 'input.id');
    const draft = valid(validateIncident(input.incident, this.options('input.incident')));
    const problems: InputProblem[] = [];
    for (const [key, stored] of [
      ['agencyOri', cur.agencyOri],
      ['rmsNumber', cur.rmsNumber],
    ] as const) {
      if (draft[key] !== stored)
        problems.push({ field: `input.incident.${key}`, reason: 'cannot change: it identifies the incident (record a new incident instead)' });
    }
    problems.push(...(await this.referenceProblems(draft, 'input.incident')));
    if (problems.length) throw new InputProblems(problems);
    return this.write({ draft, expectedVersion: input.expectedVersion ?? null }, 'input.incident');
  }

  async recordScreen(input: ScreenInput): Promise<IncidentWriteResult> {
    const cur = await this.current(input.incidentId, 'input.incidentId');
    if (!cur.record) throw conflict('This incident predates the full incident model: record or amend it from the records system first.');
    const record = cur.record as IncidentRecord;
    const screen = valid(validateScreen(input.screen, this.options('input.screen'), record.occurredAt));
    const result = await this.write({ draft: draftOf(record, screen), expectedVersion: cur.version }, 'input');
    return { ...result, created: record.lethalityScreen === null };
  }
}
