/**
 * Referrals from the police incident feed: carried victim details, idempotent apply, catch-up after
 * downtime, the advocates' queues, outreach and first contact, and the agency row scope.
 */
import { applyIncidentEvent } from '@ipvi/victim-services/src/feed/referral.consumer';
import type { IncidentFeedEvent } from '@ipvi/core';
import { codes, ok, startTestHub, withoutRequestIds, type TestHub } from './harness/hub';
import { incidentFeedEvent, recordIncident } from './fixtures/incidents';
import { OTHER_ADVOCACY, REFERRALS, TWO_AGENCIES_ENV, referralFor, referralOf, type ReferralNode } from './victim-services-fixtures';

let t: TestHub;
beforeAll(async () => {
  t = await startTestHub({ consumers: false, env: { ...TWO_AGENCIES_ENV, POLICE_AGENCIES: `${TWO_AGENCIES_ENV.POLICE_AGENCIES},NC0000001` } });
});
afterAll(() => t.stop());

const vs = () => t.hub.services['victim-services'].dataSource;
const count = async (table: string, where = 'true', params: unknown[] = []) =>
  ((await vs().query(`SELECT count(*)::int AS n FROM ${table} WHERE ${where}`, params)) as [{ n: number }])[0].n;
type Referrals = { referrals: { totalCount: number; pageInfo: { hasNextPage: boolean; endCursor: string }; edges: { node: ReferralNode }[] } };
const RECORD_ATTEMPT = `mutation($input: RecordOutreachAttemptInput!) { recordOutreachAttempt(input: $input) {
  attempt { id reached outcome } referral { id state firstContactAt } } }`;

/** A feed event with one police-recorded victim, as victim-services' feed document carries it (no charges). */
const VICTIM = 'a0000000-0000-4000-8000-000000000001';
const event = (over: Partial<IncidentFeedEvent> = {}): IncidentFeedEvent =>
  incidentFeedEvent({
    victimPartyIds: [VICTIM],
    charges: undefined,
    victims: [{ id: VICTIM, name: 'Ada Feedperson', dateOfBirth: '1991-02-03', phone: '+1-336-555-0100' }],
    ...over,
  });

describe('the referral consumer', () => {
  it('catches up after downtime: incidents recorded while it was stopped become referrals carrying the police-recorded victim', async () => {
    const a = await recordIncident(t, { victims: [{ name: 'Bea Caughtup', dateOfBirth: '1988-08-08' }] });
    const b = await recordIncident(t);
    expect(await count('referral', 'incident_id = ANY($1::uuid[])', [[a.incidentId, b.incidentId]])).toBe(0);
    expect(await t.drainFeeds('victim-services')).toBeGreaterThanOrEqual(2);
    const referral = await referralFor(t, a.incidentId);
    expect(referral).toMatchObject({ state: 'NEW', firstContactAt: null, offenders: [{ id: a.offenderId }] });
    expect(referral!.victims).toEqual([{ incidentVictimId: a.victimPartyIds[0], name: 'Bea Caughtup', dateOfBirth: '1988-08-08' }]);
    expect(await referralFor(t, b.incidentId)).toBeDefined();
  });

  it('refers only intimate-partner incidents with a victim, in a police agency the advocacy agency serves', async () => {
    const family = await recordIncident(t, { relationship: 'FAMILY' });
    const noVictim = await recordIncident(t, { victims: [] });
    const unserved = await recordIncident(t, { agencyOri: 'NC0000001' });
    await t.drainFeeds('victim-services');
    expect(await count('referral', 'incident_id = ANY($1::uuid[])', [[family.incidentId, noVictim.incidentId, unserved.incidentId]])).toBe(0);
  });

  it('applies the same event twice without creating anything twice, and an amendment refreshes the details', async () => {
    const e = event();
    await vs().transaction((m) => applyIncidentEvent(m, t.config, e));
    await vs().transaction((m) => applyIncidentEvent(m, t.config, e));
    expect(await count('referral', 'incident_id = $1', [e.incidentId])).toBe(1);
    expect(await count('referred_victim v JOIN referral r ON r.id = v.referral_id', 'r.incident_id = $1', [e.incidentId])).toBe(1);
    const amended = event({
      ...e,
      id: crypto.randomUUID(),
      type: 'INCIDENT_AMENDED',
      isIntimatePartner: false,
      victims: [{ ...e.victims![0]!, name: 'Ada Amended' }],
    });
    await vs().transaction((m) => applyIncidentEvent(m, t.config, amended));
    const rows = await vs().query('SELECT v.name, r.state FROM referred_victim v JOIN referral r ON r.id = v.referral_id WHERE r.incident_id = $1', [
      e.incidentId,
    ]);
    expect(rows).toEqual([{ name: 'Ada Amended', state: 'NEW' }]);
  });
});

describe('referrals for advocates', () => {
  it('pages the agency referrals newest first without repeating one', async () => {
    await recordIncident(t);
    await t.drainFeeds('victim-services');
    const first = ok(await t.query<Referrals>('ADVOCATE', REFERRALS, { first: 2 }));
    expect(first.referrals.pageInfo.hasNextPage).toBe(true);
    const next = ok(await t.query<Referrals>('ADVOCATE', REFERRALS, { first: 2, after: first.referrals.pageInfo.endCursor }));
    const ids = [...first.referrals.edges, ...next.referrals.edges].map((e) => e.node.id);
    expect(new Set(ids).size).toBe(ids.length);
    const times = [...first.referrals.edges, ...next.referrals.edges].map((e) => e.node.referredAt);
    expect([...times].sort().reverse()).toEqual(times);
    expect(codes(await t.query('ADVOCATE', REFERRALS, { first: 2, after: 'garbage' }))).toEqual(['BAD_USER_INPUT']);
  });

  it('queues new referrals and those with no contact after N hours; a reached attempt sets first contact and leaves both queues', async () => {
    const old = event({ recordedAt: new Date(Date.now() - 72 * 3600_000).toISOString() });
    await vs().transaction((m) => applyIncidentEvent(m, t.config, old));
    const fresh = await recordIncident(t);
    await t.drainFeeds('victim-services');
    const queue = async (filter: Record<string, unknown>) =>
      ok(await t.query<Referrals>('ADVOCATE', REFERRALS, { first: 100, filter })).referrals.edges.map((e) => e.node.incident.id);
    expect(await queue({ noContactForHours: 48 })).toContain(old.incidentId);
    expect(await queue({ noContactForHours: 48 })).not.toContain(fresh.incidentId);
    expect(await queue({ states: ['NEW'] })).toEqual(expect.arrayContaining([old.incidentId, fresh.incidentId]));

    const referral = (await referralFor(t, old.incidentId))!;
    const missed = ok(
      await t.query<{ recordOutreachAttempt: { referral: { state: string; firstContactAt: string | null } } }>('ADVOCATE', RECORD_ATTEMPT, {
        input: { referralId: referral.id, channel: 'PHONE', outcome: 'NO_ANSWER' },
      }),
    );
    expect(missed.recordOutreachAttempt.referral).toMatchObject({ state: 'ATTEMPTING', firstContactAt: null });
    expect(await queue({ states: ['NEW'] })).not.toContain(old.incidentId);
    expect(await queue({ noContactForHours: 48 })).toContain(old.incidentId);
    const at = new Date(Date.now() - 3600_000).toISOString();
    const reached = ok(
      await t.query<{ recordOutreachAttempt: { attempt: { reached: boolean }; referral: { state: string; firstContactAt: string } } }>(
        'ADVOCATE',
        RECORD_ATTEMPT,
        {
          input: { referralId: referral.id, channel: 'PHONE', outcome: 'REACHED_FOLLOW_UP', attemptedAt: at },
        },
      ),
    );
    expect(reached.recordOutreachAttempt).toEqual({
      attempt: { id: expect.any(String), reached: true, outcome: 'REACHED_FOLLOW_UP' },
      referral: { id: referral.id, state: 'CONTACTED', firstContactAt: at },
    });
    expect(await queue({ noContactForHours: 48 })).not.toContain(old.incidentId);
  });

  it('closes a referral the victim declined: it leaves the no-contact queue and keeps its history', async () => {
    const old = event({ recordedAt: new Date(Date.now() - 72 * 3600_000).toISOString() });
    await vs().transaction((m) => applyIncidentEvent(m, t.config, old));
    const referral = (await referralFor(t, old.incidentId))!;
    const close = 'mutation($id: ID!) { closeReferral(input: { referralId: $id }) { referral { id state } } }';
    expect(codes(await t.query('ADVOCATE', close, { id: referral.id }, { agency: OTHER_ADVOCACY }))).toEqual(['NOT_FOUND']);
    expect(ok(await t.query<{ closeReferral: unknown }>('ADVOCATE', close, { id: referral.id })).closeReferral).toEqual({
      referral: { id: referral.id, state: 'CLOSED' },
    });
    const queue = ok(await t.query<Referrals>('ADVOCATE', REFERRALS, { first: 100, filter: { noContactForHours: 48 } }));
    expect(queue.referrals.edges.map((e) => e.node.id)).not.toContain(referral.id);
  });

  it("lets the front-end ask tiering about a referral's offenders through the gateway (the notification-due-soon queue)", async () => {
    const r = await recordIncident(t);
    await t.drainFeeds(); // tiering's too: the offender's tier and notice
    const doc = '{ referrals(first: 100) { edges { node { incident { id rmsNumber } offenders { id tier { level } notifications { type dueAt } } } } } }';
    type Node = {
      incident: { id: string; rmsNumber: string } | null;
      offenders: { id: string; tier: unknown; notifications: { type: string; dueAt: string }[] }[];
    };
    const res = await t.query<{ referrals: { edges: { node: Node }[] } }>('ADVOCATE', doc);
    expect(res.errors).toBeUndefined();
    const node = res.data!.referrals.edges.map((e) => e.node).find((n) => n.incident?.id === r.incidentId)!;
    expect(node.incident!.rmsNumber).toBe(r.rmsNumber);
    // An uncharged intimate-partner call: tier D, and the letter the advocate must get ahead of.
    expect(node.offenders).toEqual([{ id: r.offenderId, tier: { level: 'D' }, notifications: [{ type: 'LETTER', dueAt: expect.any(String) }] }]);
  });

  it('refuses an attempt in the future and a bad queue argument', async () => {
    const r = await recordIncident(t);
    const referral = await referralOf(t, r);
    const future = await t.query('ADVOCATE', RECORD_ATTEMPT, {
      input: { referralId: referral.id, channel: 'SMS', outcome: 'LEFT_MESSAGE', attemptedAt: new Date(Date.now() + 86_400_000).toISOString() },
    });
    expect(future.errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.attemptedAt' });
    expect(codes(await t.query('ADVOCATE', REFERRALS, { filter: { noContactForHours: -1 } }))).toEqual(['BAD_USER_INPUT']);
  });

  it('shows Incident.outreach with first contact from outreach attempts to advocates, and null + FORBIDDEN to every police role', async () => {
    const r = await recordIncident(t);
    const referral = await referralOf(t, r);
    const at = new Date(Date.now() - 600_000).toISOString();
    ok(
      await t.query('ADVOCATE', RECORD_ATTEMPT, {
        input: { referralId: referral.id, channel: 'IN_PERSON', outcome: 'REACHED_ACCEPTED_SERVICES', attemptedAt: at },
      }),
    );
    const doc = 'query($id: ID!) { incident(id: $id) { id outreach { referralState firstContactAt attempts } } }';
    const advocate = await t.query<{ incident: { outreach: unknown } }>('ADVOCATE', doc, { id: r.incidentId });
    expect(ok(advocate).incident.outreach).toEqual({ referralState: 'CONTACTED', firstContactAt: at, attempts: 1 });
    for (const role of ['OFFICER', 'DV_DETECTIVE', 'COORDINATOR', 'PROSECUTOR'] as const) {
      const police = await t.query<{ incident: { id: string; outreach: unknown } }>(role, doc, { id: r.incidentId });
      expect(police.data!.incident).toEqual({ id: r.incidentId, outreach: null });
      expect(police.errors!.map((e) => [e.path, e.extensions?.code])).toEqual([[['incident', 'outreach'], 'FORBIDDEN']]);
      expect(police.text).not.toContain(at);
    }
  });
});

describe('row scope', () => {
  it("answers another agency's advocates as if the referral did not exist", async () => {
    const ours = await recordIncident(t);
    const theirs = await recordIncident(t, { agencyOri: TWO_AGENCIES_ENV.POLICE_AGENCIES.split(',')[1] });
    await t.drainFeeds('victim-services');
    const referral = (await referralFor(t, ours.incidentId))!;
    const other = { agency: OTHER_ADVOCACY };
    expect(await referralFor(t, ours.incidentId, OTHER_ADVOCACY)).toBeUndefined();
    expect(await referralFor(t, theirs.incidentId, OTHER_ADVOCACY)).toBeDefined();
    expect(await referralFor(t, theirs.incidentId)).toBeUndefined();
    const doc = 'query($id: ID!) { referral(id: $id) { id state } }';
    const asOther = await t.query('ADVOCATE', doc, { id: referral.id }, other);
    const missing = await t.query('ADVOCATE', doc, { id: '0f000000-0000-4000-8000-0000000000ff' }, other);
    expect(withoutRequestIds(asOther.text)).toBe(withoutRequestIds(missing.text));
    expect(asOther.data).toEqual({ referral: null });
    const attempt = { input: { referralId: referral.id, channel: 'PHONE', outcome: 'NO_ANSWER' } };
    const attemptAsOther = await t.query('ADVOCATE', RECORD_ATTEMPT, attempt, other);
    const attemptMissing = await t.query(
      'ADVOCATE',
      RECORD_ATTEMPT,
      { input: { ...attempt.input, referralId: '0f000000-0000-4000-8000-0000000000ff' } },
      other,
    );
    expect(codes(attemptAsOther)).toEqual(['NOT_FOUND']);
    expect(withoutRequestIds(attemptAsOther.text)).toBe(withoutRequestIds(attemptMissing.text));
  });

  it('filters by the police agency, accepting only a configured police agency (normalised) and naming the filter otherwise', async () => {
    const ours = await recordIncident(t);
    await t.drainFeeds('victim-services');
    const doc = 'query($filter: ReferralFilter) { referrals(first: 100, filter: $filter) { totalCount edges { node { id agency incident { id } } } } }';
    type Page = { referrals: { totalCount: number; edges: { node: { agency: string; incident: { id: string } } }[] } };
    const mine = ok(await t.query<Page>('ADVOCATE', doc, { filter: { agency: ' nc0410200' } })).referrals;
    expect(mine.edges.map((e) => e.node.incident.id)).toContain(ours.incidentId);
    expect(new Set(mine.edges.map((e) => e.node.agency))).toEqual(new Set(['NC0410200']));
    expect(ok(await t.query<Page>('ADVOCATE', doc, { filter: { agency: TWO_AGENCIES_ENV.POLICE_AGENCIES.split(',')[1] } })).referrals.totalCount).toBe(0);
    for (const agency of ['NC0000000', 'ADV-FSP-01']) {
      const res = await t.query('ADVOCATE', doc, { filter: { agency } });
      expect(codes(res)).toEqual(['BAD_USER_INPUT']);
      expect(res.errors![0]!.message).toBe('filter.agency: is not a police agency of the partnership');
      expect(res.text).not.toContain(agency);
    }
  });

  it('refuses referrals to police roles', async () => {
    const res = await t.query('OFFICER', REFERRALS, { first: 1 });
    expect(res.data).toBeNull();
    expect(codes(res)).toEqual(['FORBIDDEN']);
  });
});
