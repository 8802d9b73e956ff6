/**
 * The write operations of the graph, for one request: validate with the shared validator, check the
 * references the caller must be able to see, write in ONE transaction through the shared writers,
 * note the write in the request's audit trail. Errors name the input field.
 */
import type { DataSource } from 'typeorm';
import { conflict, InputError, type AuditCollector, type HubConfig, type Principal } from '@ipvi/core';
import { draftOf, type IncidentDraft, type IncidentRecord } from '../model/incident-record';
import type { Problem } from '../validation/fields';
import { validateIncident, validateScreen } from '../validation/incident';
import type { Validated } from '../validation/input';
import { validateProtectiveOrder } from '../validation/protective-order';
import type { CurrentIncident, IncidentRepository } from './incident.repository';
import { writeIncidents, type WriteRequest } from './incident-writer';
import type { OffenderRepository } from './offender.repository';
import type { PossibleDuplicate } from './offender-resolver';
import { writeProtectiveOrders } from './protective-order.writer';
import { writableAgencies } from './scope';

export interface IncidentWriteResult {
  incidentId: string;
  created: boolean;
  amended: boolean;
  duplicates: PossibleDuplicate[];
}

export interface OrderWriteResult {
  protectiveOrderId: string;
  created: boolean;
  duplicates: PossibleDuplicate[];
}

function valid<T>(v: Validated<T>): T {
  if (!v.value) throw new InputError(v.problems[0]!.field, v.problems[0]!.reason);
  return v.value;
}

function firstProblem(path: string, problems: readonly Problem[]): InputError {
  return new InputError(`${path}.${problems[0]!.field}`, problems[0]!.reason);
}

export class IncidentCommands {
  constructor(
    private readonly ds: DataSource,
    private readonly principal: Principal,
    private readonly config: HubConfig,
    private readonly now: () => Date,
    private readonly read: { readonly incidents: IncidentRepository; readonly offenders: OffenderRepository },
    /** Called after a commit (clears the request's loader caches). */
    private readonly afterWrite: () => void,
  ) {}

  private options(path: string) {
    return { now: this.now(), path, agencies: writableAgencies(this.principal, this.config), partnerAgencies: this.config.partnership.policeAgencies };
  }

  /**
   * An explicit offender id must be a record the caller can see AND the recording agency owns: another
   * agency's record (even one the caller may read) answers exactly like a missing one.
   */
  private async checkOffenderOwned(offender: { id: string | null }, agency: string, path: string): Promise<void> {
    const id = offender.id;
    if (id && !(await this.read.offenders.ownedBy(id, agency))) throw new InputError(`${path}.id`, 'is not a known offender');
  }

  private async visibleDuplicates(d: readonly PossibleDuplicate[]): Promise<PossibleDuplicate[]> {
    if (!d.length) return [];
    const visible = new Set((await this.read.offenders.byIds(d.map((x) => x.offenderId))).map((o) => o.id));
    return d.filter((x) => visible.has(x.offenderId));
  }

  private async write(request: WriteRequest, path: string, audit: AuditCollector, fieldPath: string): Promise<IncidentWriteResult> {
    const [outcome] = await this.ds.transaction((m) => writeIncidents(m, [request]));
    this.afterWrite();
    if (outcome!.status === 'rejected') throw firstProblem(path, outcome!.problems);
    if (outcome!.status === 'conflict') throw conflict(`The incident is at version ${outcome!.version}; read it again and amend that version.`);
    audit.wrote(fieldPath, [outcome!.incidentId]);
    return { incidentId: outcome!.incidentId, created: outcome!.status === 'created', amended: outcome!.status === 'amended', duplicates: await this.visibleDuplicates(outcome!.duplicates) };
  }

  async recordIncident(input: unknown, audit: AuditCollector): Promise<IncidentWriteResult> {
    const draft = valid(validateIncident(input, this.options('input')));
    await this.checkOffenderOwned(draft.offender, draft.agencyOri, 'input.offender');
    return this.write({ draft }, 'input', audit, 'Mutation.recordIncident');
  }

  /** The stored incident an amendment or a screen applies to, within the caller's scope (another agency's: like a missing one). */
  private async current(id: string, field: string): Promise<CurrentIncident> {
    const cur = await this.read.incidents.currentRecord(id);
    if (!cur) throw new InputError(field, 'is not a known incident');
    return cur;
  }

  async amendIncident(input: { id: string; expectedVersion?: number | null; incident: unknown }, audit: AuditCollector): Promise<IncidentWriteResult> {
    const cur = await this.current(input.id, 'input.id');
    const draft: IncidentDraft = valid(validateIncident(input.incident, this.options('input.incident')));
    for (const [key, stored] of [['agencyOri', cur.agency_ori], ['rmsNumber', cur.rms_number]] as const) {
      if (draft[key] !== stored) throw new InputError(`input.incident.${key}`, 'cannot change: it identifies the incident (record a new incident instead)');
    }
    await this.checkOffenderOwned(draft.offender, draft.agencyOri, 'input.incident.offender');
    return this.write({ draft, expectedVersion: input.expectedVersion ?? null }, 'input.incident', audit, 'Mutation.amendIncident');
  }

  async recordLethalityScreen(input: { incidentId: string; screen: unknown }, audit: AuditCollector): Promise<IncidentWriteResult> {
    const cur = await this.current(input.incidentId, 'input.incidentId');
    if (!cur.record) throw conflict('This incident predates the full incident model: record or amend it from the records system first.');
    const record = cur.record as IncidentRecord;
    const screen = valid(validateScreen(input.screen, this.options('input.screen'), record.occurredAt));
    const result = await this.write({ draft: draftOf(record, screen), expectedVersion: cur.version }, 'input', audit, 'Mutation.recordLethalityScreen');
    return { ...result, created: record.lethalityScreen === null };
  }

  async recordProtectiveOrder(input: unknown, audit: AuditCollector): Promise<OrderWriteResult> {
    const draft = valid(validateProtectiveOrder(input, this.options('input')));
    await this.checkOffenderOwned(draft.offender, draft.agencyOri, 'input.restrainedOffender');
    const [outcome] = await this.ds.transaction(async (m) => {
      const outcomes = await writeProtectiveOrders(m, [draft]);
      // Another person under the same order number: roll back whatever matching created, write nothing.
      if (outcomes[0]!.status === 'conflict') throw conflict(`This order number is recorded for another ${outcomes[0]!.field === 'protectedParty' ? 'protected' : 'restrained'} person; an order is never re-pointed (check the number).`);
      return outcomes;
    });
    this.afterWrite();
    if (outcome!.status === 'rejected') throw firstProblem('input', outcome!.problems);
    if (outcome!.status === 'conflict') throw conflict('This order number is recorded for another person.');
    audit.wrote('Mutation.recordProtectiveOrder', [outcome!.orderId]);
    return { protectiveOrderId: outcome!.orderId, created: outcome!.status === 'created', duplicates: await this.visibleDuplicates(outcome!.duplicates) };
  }
}
