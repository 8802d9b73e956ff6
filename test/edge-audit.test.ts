/**
 * Quiet, useful audit (issue 12.6): the feed consumers' empty polls write no audit rows (an idle hub
 * wrote 33 rows a second), their reads that find events write one row per batch naming every entity
 * read, and people's reads, writes and denials keep their rows.
 */
import { SERVICE_NAMES, type ServiceName } from '@ipvi/core';
import { recordIncident } from './fixtures/incidents';
import { ok, startTestHub, type TestHub } from './harness/hub';

let t: TestHub;
beforeAll(async () => {
  // The consumers are started by the tests that watch them poll (every 100 ms), and stopped once they are done: they would
  // otherwise poll through the gateway ten times a second each from the hub's start to its end.
  t = await startTestHub({ consumers: false, env: { FEED_POLL_MS: '100' } });
});
afterAll(() => t.stop());

interface Row {
  request_id: string;
  subject: string;
  action: string;
  field_path: string;
  outcome: string;
  entity_ids: string[];
}

async function rows(service: ServiceName, where = 'true', params: unknown[] = []): Promise<Row[]> {
  return t.sql<Row>(service, `SELECT request_id, subject, action, field_path, outcome, entity_ids FROM audit_event WHERE ${where} ORDER BY seq`, params);
}

async function counts(): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const s of SERVICE_NAMES) out[s] = (await rows(s)).length;
  return out;
}

const consumers = () => Object.values(t.hub.services).flatMap((s) => s.consumers);

/** Counts the polls every consumer completes from now on: in all, and the fewest of any one consumer. */
function countPolls(): { total: () => number; fewest: () => number } {
  const done = new Map<object, number>();
  for (const c of consumers()) {
    done.set(c, 0);
    const original = c.pollOnce.bind(c);
    c.pollOnce = async () => {
      try {
        return await original();
      } finally {
        done.set(c, done.get(c)! + 1);
      }
    };
  }
  return { total: () => [...done.values()].reduce((a, b) => a + b, 0), fewest: () => Math.min(...done.values()) };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function until(check: () => Promise<boolean> | boolean, ms: number): Promise<void> {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error('timed out');
    await sleep(50);
  }
}

describe('the audit of service principals', () => {
  it('an idle hub with consumers polling writes no audit rows', async () => {
    expect(consumers().length).toBeGreaterThan(1);
    const polls = countPolls();
    for (const s of Object.values(t.hub.services)) s.startConsumers();
    await until(() => polls.fewest() >= 1, 30_000); // let the first poll of every consumer pass
    const before = await counts();
    const pollsBefore = polls.total();
    // They poll, several times a second each: wait for more than 20 polls (instead of a fixed span), then count again.
    await until(() => polls.total() - pollsBefore > 20, 30_000);
    expect(polls.total() - pollsBefore).toBeGreaterThan(20);
    expect(await counts()).toEqual(before);
  });

  it('a poll that reads events writes one row for its batch, naming every event; the write and people reads keep theirs', async () => {
    const since = (await counts()).incidents;
    const recorded = await recordIncident(t);
    await until(async () => (await rows('incidents', `seq > ${since} AND subject LIKE 'svc-%'`)).length >= 2, 10_000);
    // Any further polls of the (again idle) feed: every consumer polls twice more, then the consumers stop.
    const polls = countPolls();
    await until(() => polls.fewest() >= 2, 10_000);
    await Promise.all(consumers().map((c) => c.stop()));
    const all = await rows('incidents', `seq > ${since}`);
    const service = all.filter((r) => r.subject.startsWith('svc-'));
    const byRequest = new Map<string, Row[]>();
    for (const r of service) byRequest.set(r.request_id, [...(byRequest.get(r.request_id) ?? []), r]);
    expect([...byRequest.values()].every((list) => list.length === 1)).toBe(true);
    expect(new Set(service.map((r) => r.subject))).toEqual(new Set(['svc-tiering', 'svc-victim-services']));
    for (const r of service) {
      expect(r).toMatchObject({ action: 'READ', outcome: 'ALLOWED', field_path: 'Query.incidentEvents' });
      expect(r.entity_ids.length).toBeGreaterThan(0);
    }
    // tiering's batch names the event and the victim-services' batch the victims it read too
    const people = service.find((r) => r.subject === 'svc-victim-services')!;
    for (const id of recorded.victimPartyIds) expect(people.entity_ids).toContain(id);
    expect(all.some((r) => r.action === 'WRITE' && r.outcome === 'WRITTEN' && r.entity_ids.includes(recorded.incidentId))).toBe(true);
  });

  it("a person's read and a denial are still recorded field by field", async () => {
    const recorded = await recordIncident(t);
    const since = (await counts()).incidents;
    ok(await t.query('OFFICER', `query($id: ID!) { incident(id: $id) { id narrative offenders { id name } } }`, { id: recorded.incidentId }));
    await t.query('ADVOCATE', `query($id: ID!) { incident(id: $id) { id narrative } }`, { id: recorded.incidentId });
    const after = await rows('incidents', `seq > ${since}`);
    expect(after).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ action: 'READ', outcome: 'ALLOWED', field_path: 'Offender.name' }),
        expect.objectContaining({ action: 'READ', outcome: 'ALLOWED', field_path: 'Incident.narrative' }),
        expect.objectContaining({ action: 'READ', outcome: 'DENIED', field_path: 'Incident.narrative' }),
      ]),
    );
  });
});
