/**
 * The one write path of incidents (mutations, the records import and the demo seed), set-based: a
 * batch of validated drafts is written inside the caller's transaction. The same agency + RMS number
 * recorded again with the same content is unchanged; with other content it is an amendment (the
 * previous version is kept whole, INCIDENT_AMENDED goes to the outbox). Problems that need the
 * database (an unknown offender id or protective-order number) reject that draft only.
 */
import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { hashOf, recordOf, type IncidentDraft } from '../model/incident-record';
import type { InputProblem as Problem } from '@ipvi/core';
import { IncidentEventRepository } from '../repositories/event.repository';
import {
  existingIncidents,
  lockKeys,
  protectiveOrderIds,
  saveCharges,
  saveOffenderLinks,
  saveScreens,
  saveVersions,
  saveVictims,
  upsertIncidents,
  type IncidentWrite,
} from '../repositories/incident-rows';
import { offenderLockKey, resolveOffenders, type PossibleDuplicate } from './offender-matching';

export interface WriteRequest {
  readonly draft: IncidentDraft;
  /** amendIncident: the version the caller last saw; another version is a conflict. */
  readonly expectedVersion?: number | null;
}

export type WriteOutcome =
  | {
      readonly status: 'created' | 'amended' | 'unchanged';
      readonly incidentId: string;
      readonly version: number;
      readonly duplicates: readonly PossibleDuplicate[];
    }
  | { readonly status: 'rejected'; readonly problems: readonly Problem[] }
  | { readonly status: 'conflict'; readonly incidentId: string; readonly version: number };

const keyOf = (d: IncidentDraft) => `${d.agencyOri}|${d.rmsNumber}`;

/** Writes a batch; outcomes are in request order. A key repeated in the batch is applied in order. */
export async function writeIncidents(m: EntityManager, requests: readonly WriteRequest[]): Promise<WriteOutcome[]> {
  const out: WriteOutcome[] = new Array(requests.length);
  let pending = requests.map((r, i) => ({ r, i }));
  while (pending.length) {
    const seen = new Set<string>();
    const round: typeof pending = [];
    const later: typeof pending = [];
    for (const x of pending) {
      (seen.has(keyOf(x.r.draft)) ? later : round).push(x);
      seen.add(keyOf(x.r.draft));
    }
    const results = await writeRound(
      m,
      round.map((x) => x.r),
    );
    round.forEach((x, j) => (out[x.i] = results[j]!));
    pending = later;
  }
  return out;
}

/** The stored protective orders that drafts name as violated, by agency + order number. */
async function orderIds(m: EntityManager, drafts: readonly IncidentDraft[]): Promise<Map<string, string>> {
  const wanted = drafts.flatMap((d) =>
    d.violatedProtectiveOrderNumber === null ? [] : [{ agencyOri: d.agencyOri, orderNumber: d.violatedProtectiveOrderNumber }],
  );
  return wanted.length ? protectiveOrderIds(m, wanted) : new Map();
}

async function writeRound(m: EntityManager, requests: readonly WriteRequest[]): Promise<WriteOutcome[]> {
  const drafts = requests.map((r) => r.draft);
  await lockKeys(m, [...drafts.map((d) => `incident:${keyOf(d)}`), ...drafts.flatMap((d) => offenderLockKey(d.offender) ?? [])]);
  const existing = await existingIncidents(m, drafts);
  const orders = await orderIds(m, drafts);
  const outcomes: (WriteOutcome | undefined)[] = requests.map((r) => {
    const ex = existing.get(keyOf(r.draft));
    if (ex && r.expectedVersion != null && ex.version !== r.expectedVersion) return { status: 'conflict', incidentId: ex.id, version: ex.version };
    const num = r.draft.violatedProtectiveOrderNumber;
    if (num !== null && !orders.has(`${r.draft.agencyOri}|${num}`)) {
      return { status: 'rejected', problems: [{ field: 'violatedProtectiveOrderNumber', reason: 'is not a protective order recorded by this agency' }] };
    }
    return undefined;
  });
  const live = requests.flatMap((r, i) => (outcomes[i] ? [] : [i]));
  const matches = await resolveOffenders(
    m,
    live.map((i) => ({ offender: drafts[i]!.offender, agency: drafts[i]!.agencyOri })),
  );
  const writes: IncidentWrite[] = [];
  live.forEach((i, j) => {
    const d = drafts[i]!;
    const match = matches[j]!;
    if (!match.offenderId) return void (outcomes[i] = { status: 'rejected', problems: [{ field: 'offender.id', reason: 'is not a known offender' }] });
    const ex = existing.get(keyOf(d));
    const record = recordOf(d, match.offenderId, ex?.screen ?? null);
    const hash = hashOf(record);
    const base = { duplicates: match.duplicates };
    if (ex && ex.contentHash === hash) return void (outcomes[i] = { status: 'unchanged', incidentId: ex.id, version: ex.version, ...base });
    const id = ex?.id ?? d.id ?? randomUUID();
    const violatedOrderId = d.violatedProtectiveOrderNumber === null ? null : orders.get(`${d.agencyOri}|${d.violatedProtectiveOrderNumber}`)!;
    writes.push({ id, record, hash, violatedOrderId, amended: ex !== undefined });
    outcomes[i] = { status: ex ? 'amended' : 'created', incidentId: id, version: ex ? ex.version + 1 : 1, ...base };
  });
  if (writes.length) await saveAll(m, writes);
  return outcomes as WriteOutcome[];
}

async function saveAll(m: EntityManager, writes: readonly IncidentWrite[]): Promise<void> {
  await saveVersions(m, writes);
  await upsertIncidents(m, writes);
  await saveOffenderLinks(m, writes);
  await saveVictims(m, writes);
  await saveCharges(m, writes);
  await saveScreens(m, writes);
  await IncidentEventRepository.append(
    m,
    'INCIDENT_RECORDED',
    writes.filter((w) => !w.amended).map((w) => w.id),
  );
  await IncidentEventRepository.append(
    m,
    'INCIDENT_AMENDED',
    writes.filter((w) => w.amended).map((w) => w.id),
  );
}
