/**
 * An offender's growing child lists, paged (issue 10): Offender.tierHistoryConnection and
 * Offender.notificationsConnection give exactly the deprecated plain lists' items, in the same order
 * and the same row scope, a page at a time, with exact hasPreviousPage / hasNextPage; bad page
 * arguments answer BAD_USER_INPUT naming the argument; the SQL statements of a list of offenders
 * with their pages do not grow with the number of offenders. Also: tiering's other connections
 * report hasPreviousPage exactly after a cursor.
 *
 * Two police departments (NC0410200, NC0410300) and a partnership-wide coordinating team: one person
 * recorded by both departments (records linked, as tiering's person-link consumer applies it), so
 * the person's notifications are of both departments and each department reads only its own.
 */
import { randomUUID } from 'node:crypto';
import type { Logger as TypeOrmLogger } from 'typeorm';
import { createLogger, type PersonLinkFeedEvent, type Role } from '@ipvi/core';
import { applyPersonLinkEvent } from '@ipvi/tiering/src/feed/person-link.consumer';
import { codes, ok, startTestHub, type GraphQLResponse, type TestHub } from './harness/hub';
import { recordIncident, recordIncidentsAtOnce, type RecordedIncident } from './fixtures/incidents';

const FIRST = 'NC0410200';
const SECOND = 'NC0410300';
const TEAM = 'NC0410900';
const ENV = {
  POLICE_AGENCIES: `${FIRST},${SECOND},${TEAM}`,
  ADVOCACY_AGENCIES: `ADV-FSP-01=${FIRST};ADV-OTHER-01=${SECOND}`,
  COORDINATION_AGENCIES: TEAM,
};
const HOUR = 3_600_000;
/** Offenders of FIRST besides the linked person, for the statement count (10 vs 50 in one list). */
const MANY = 50;

let t: TestHub;
let x: RecordedIncident; // FIRST's record of the person (three incidents)
let y: RecordedIncident; // SECOND's record of the person (two incidents)

type PageInfo = { hasNextPage: boolean; hasPreviousPage: boolean; startCursor: string | null; endCursor: string | null };
type Conn = { totalCount: number; pageInfo: PageInfo; edges: { cursor: string; node: { id: string } }[] };
type Child = { offender: { tierHistory: { id: string }[]; notifications: { id: string }[] } };

const PLAIN = `query($id: ID!) { offender(id: $id) { tierHistory { id } notifications { id } } }`;
const PAGE_FIELDS = 'totalCount pageInfo { hasNextPage hasPreviousPage startCursor endCursor } edges { cursor node { id } }';
const HISTORY_PAGE = `query($id: ID!, $first: Int, $after: String) { offender(id: $id) { tierHistoryConnection(first: $first, after: $after) { ${PAGE_FIELDS} } } }`;
const NOTICE_PAGE = `query($id: ID!, $first: Int, $after: String, $filter: OffenderNotificationFilter) {
  offender(id: $id) { notificationsConnection(first: $first, after: $after, filter: $filter) { ${PAGE_FIELDS} } } }`;

/** Applies a person-link event to tiering's database, as the feed consumer would. */
async function link(a: string, b: string): Promise<void> {
  const e: PersonLinkFeedEvent = {
    id: randomUUID(),
    type: 'PERSONS_LINKED',
    recordedAt: t.clock.now().toISOString(),
    linkId: randomUUID(),
    offenderIds: [a, b],
    agencies: [FIRST, SECOND],
  };
  const env = { config: t.config, log: createLogger('silent') };
  await t.hub.services.tiering.dataSource.transaction((m) => applyPersonLinkEvent(m, env, e, t.clock.now()));
}

interface Who {
  role: Role;
  agency: string;
}

/** Pages through a child list `size` items at a time; every page's pageInfo and totalCount, and the ids in order. */
async function pageThrough(who: Who, field: 'tierHistoryConnection' | 'notificationsConnection', id: string, size: number, filter?: unknown) {
  const doc = field === 'tierHistoryConnection' ? HISTORY_PAGE : NOTICE_PAGE;
  const pages: Conn[] = [];
  let after: string | null = null;
  for (let i = 0; i < 50; i++) {
    const res: GraphQLResponse<{ offender: Record<string, Conn> }> = await t.query(
      who.role,
      doc,
      { id, first: size, after, ...(filter ? { filter } : {}) },
      { agency: who.agency },
    );
    const page = ok(res).offender[field]!;
    pages.push(page);
    if (!page.pageInfo.hasNextPage) break;
    after = page.pageInfo.endCursor;
  }
  return { pages, ids: pages.flatMap((p) => p.edges.map((e) => e.node.id)) };
}

async function plain(who: Who, id: string) {
  return ok(await t.query<Child>(who.role, PLAIN, { id }, { agency: who.agency })).offender;
}

/** The page invariants: exact hasPreviousPage / hasNextPage, start and end cursors, one totalCount. */
function expectExactPages(pages: Conn[], size: number, total: number): void {
  pages.forEach((p, i) => {
    expect(p.totalCount).toBe(total);
    expect(p.pageInfo.hasPreviousPage).toBe(i > 0);
    expect(p.pageInfo.hasNextPage).toBe(i < pages.length - 1);
    expect(p.edges.length).toBe(i < pages.length - 1 ? size : total - size * (pages.length - 1));
    expect(p.pageInfo.startCursor).toBe(p.edges[0]?.cursor ?? null);
    expect(p.pageInfo.endCursor).toBe(p.edges.at(-1)?.cursor ?? null);
  });
  expect(pages.length).toBe(Math.max(1, Math.ceil(total / size)));
}

beforeAll(async () => {
  t = await startTestHub({ env: ENV });
  const at = (h: number) => new Date(t.clock.now().getTime() - h * HOUR);
  // FIRST: an uncharged call (tier D, a letter), then two charges (C, then B): three notices, the older superseded.
  x = await recordIncident(t, { agencyOri: FIRST, offenderName: 'Dale Pageson', arrest: false, occurredAt: at(120) });
  await t.drainFeeds('tiering');
  await recordIncident(t, { agencyOri: FIRST, offenderId: x.offenderId, arrest: true, occurredAt: at(96) });
  await t.drainFeeds('tiering');
  await recordIncident(t, { agencyOri: FIRST, offenderId: x.offenderId, arrest: true, occurredAt: at(72) });
  await t.drainFeeds('tiering');
  // SECOND: its own record of the same person, an uncharged call and a charge.
  y = await recordIncident(t, { agencyOri: SECOND, offenderName: 'Dale Pageson', arrest: false, occurredAt: at(48) });
  await t.drainFeeds('tiering');
  await recordIncident(t, { agencyOri: SECOND, offenderId: y.offenderId, arrest: true, occurredAt: at(24) });
  await t.drainFeeds('tiering');
  await link(x.offenderId, y.offenderId);
  // Fifty other offenders, each with an incident of its own (data for the statement count, written in one batch), then one drain.
  await recordIncidentsAtOnce(
    t,
    Array.from({ length: MANY }, (_, i) => ({ agencyOri: FIRST, arrest: true, occurredAt: at(2 + i / 10) })),
  );
  await t.drainFeeds('tiering');
}, 180_000);
afterAll(() => t?.stop());

const OFFICER_1: Who = { role: 'OFFICER', agency: FIRST };
const OFFICER_2: Who = { role: 'OFFICER', agency: SECOND };

describe('Offender.notificationsConnection', () => {
  it("pages through exactly the plain list's notifications, in order, and one department never sees the other's", async () => {
    const mine = await plain(OFFICER_1, x.offenderId);
    const theirs = await plain(OFFICER_2, y.offenderId);
    expect(mine.notifications.length).toBeGreaterThanOrEqual(3);
    expect(theirs.notifications.length).toBeGreaterThanOrEqual(2);
    // One person (linked records): its notices are both departments'; each department reads only its own, through either record.
    const person = await t.sql<{ id: string; agency: string }>(
      'tiering',
      `SELECT id, agency_ori AS agency FROM notification WHERE offender_id = ANY($1::uuid[]) ORDER BY created_at, id`,
      [[x.offenderId, y.offenderId]],
    );
    expect(mine.notifications.map((n) => n.id)).toEqual(person.filter((n) => n.agency === FIRST).map((n) => n.id));
    expect(theirs.notifications.map((n) => n.id)).toEqual(person.filter((n) => n.agency === SECOND).map((n) => n.id));
    const theirIds = theirs.notifications.map((n) => n.id);

    for (const size of [1, 2, 100]) {
      const { pages, ids } = await pageThrough(OFFICER_1, 'notificationsConnection', x.offenderId, size);
      expect(ids).toEqual(mine.notifications.map((n) => n.id));
      expectExactPages(pages, size, mine.notifications.length);
      for (const p of pages) for (const id of theirIds) expect(JSON.stringify(p)).not.toContain(id);
    }
    // SECOND's officer, through its record of the person: its own notices only (none of FIRST's).
    const second = await pageThrough(OFFICER_2, 'notificationsConnection', y.offenderId, 1);
    expect(second.ids).toEqual(theirIds);
    expectExactPages(second.pages, 1, theirIds.length);
  });

  it('narrows the list by status and type (filter), paging the same way', async () => {
    const rows = await t.sql<{ id: string; status: string; type: string }>(
      'tiering',
      `SELECT id, status, type FROM notification WHERE offender_id = $1 AND agency_ori = $2 ORDER BY created_at, id`,
      [x.offenderId, FIRST],
    );
    const superseded = rows.filter((r) => r.status === 'SUPERSEDED').map((r) => r.id);
    expect(superseded.length).toBeGreaterThanOrEqual(1);
    const { pages, ids } = await pageThrough(OFFICER_1, 'notificationsConnection', x.offenderId, 1, { statuses: ['SUPERSEDED'] });
    expect(ids).toEqual(superseded);
    expectExactPages(pages, 1, superseded.length);
    const letters = rows.filter((r) => r.type === 'LETTER').map((r) => r.id);
    expect((await pageThrough(OFFICER_1, 'notificationsConnection', x.offenderId, 5, { types: ['LETTER'] })).ids).toEqual(letters);
  });

  it('an empty page after the last item has a previous page and no next page', async () => {
    const { pages } = await pageThrough(OFFICER_1, 'notificationsConnection', x.offenderId, 100);
    const last = pages.at(-1)!;
    const res = await t.query<{ offender: { notificationsConnection: Conn } }>(
      'OFFICER',
      NOTICE_PAGE,
      { id: x.offenderId, first: 5, after: last.pageInfo.endCursor },
      { agency: FIRST },
    );
    const empty = ok(res).offender.notificationsConnection;
    expect(empty.edges).toEqual([]);
    expect(empty.pageInfo).toEqual({ hasNextPage: false, hasPreviousPage: true, startCursor: null, endCursor: null });
    expect(empty.totalCount).toBe(last.totalCount);
  });
});

describe('Offender.tierHistoryConnection', () => {
  it("pages through exactly the plain tier history, in order, for each department's record", async () => {
    for (const [who, id] of [
      [OFFICER_1, x.offenderId],
      [OFFICER_2, y.offenderId],
    ] as const) {
      const history = (await plain(who, id)).tierHistory.map((a) => a.id);
      expect(history.length).toBeGreaterThanOrEqual(3);
      for (const size of [1, 2]) {
        const { pages, ids } = await pageThrough(who, 'tierHistoryConnection', id, size);
        expect(ids).toEqual(history);
        expectExactPages(pages, size, history.length);
      }
    }
  });

  it('first: 0 gives no edges, the total and whether items follow', async () => {
    const res = await t.query<{ offender: { tierHistoryConnection: Conn } }>('OFFICER', HISTORY_PAGE, { id: x.offenderId, first: 0 }, { agency: FIRST });
    const page = ok(res).offender.tierHistoryConnection;
    expect(page.edges).toEqual([]);
    expect(page.totalCount).toBeGreaterThanOrEqual(3);
    expect(page.pageInfo).toMatchObject({ hasNextPage: true, hasPreviousPage: false });
  });
});

describe('bad page arguments', () => {
  const cases: [string, string, Record<string, unknown>][] = [
    ['tierHistoryConnection', HISTORY_PAGE, {}],
    ['notificationsConnection', NOTICE_PAGE, {}],
  ];
  it.each(cases)('%s: a negative or too large first answers BAD_USER_INPUT naming first', async (_, doc) => {
    for (const first of [-1, 101]) {
      const res = await t.query('OFFICER', doc, { id: x.offenderId, first }, { agency: FIRST });
      expect(codes(res)).toContain('BAD_USER_INPUT');
      const e = res.errors!.find((x) => x.extensions?.code === 'BAD_USER_INPUT')!;
      expect(e.extensions?.field).toBe('first');
      expect(e.message).toMatch(/first/);
      expect(e.message).toMatch(/100/);
      expect(e.message).not.toContain(String(first));
    }
  });

  it('the same answer for an inline literal', async () => {
    const res = await t.query(
      'OFFICER',
      `query($id: ID!) { offender(id: $id) { notificationsConnection(first: 101) { totalCount } } }`,
      { id: x.offenderId },
      { agency: FIRST },
    );
    expect(codes(res)).toEqual(['BAD_USER_INPUT']);
    expect(res.errors![0]!.extensions?.field).toBe('first');
  });

  it('a forged cursor answers BAD_USER_INPUT naming after', async () => {
    for (const doc of [HISTORY_PAGE, NOTICE_PAGE]) {
      const res = await t.query('OFFICER', doc, { id: x.offenderId, after: 'not-a-cursor' }, { agency: FIRST });
      expect(codes(res)).toEqual(['BAD_USER_INPUT']);
      expect(res.errors![0]!.extensions?.field).toBe('after');
    }
  });

  it('an empty filter list answers BAD_USER_INPUT naming it, with every problem at once', async () => {
    const res = await t.query('OFFICER', NOTICE_PAGE, { id: x.offenderId, filter: { statuses: [], types: [] } }, { agency: FIRST });
    expect(codes(res)).toEqual(['BAD_USER_INPUT']);
    const problems = res.errors![0]!.extensions?.problems as { field: string; reason: string }[];
    expect(problems.map((p) => p.field).sort()).toEqual(['filter.statuses', 'filter.types']);
    expect(problems.every((p) => /one or more/.test(p.reason))).toBe(true);
  });
});

describe('statements per request', () => {
  /** The SQL statements the tiering subgraph sends to PostgreSQL while `run` runs. */
  async function statements(run: () => Promise<unknown>): Promise<string[]> {
    const logger = t.hub.services.tiering.dataSource.logger as TypeOrmLogger;
    const original = logger.logQuery;
    const sent: string[] = [];
    logger.logQuery = function (this: TypeOrmLogger, ...args: Parameters<TypeOrmLogger['logQuery']>) {
      sent.push(String(args[0]));
      return original.apply(this, args);
    };
    try {
      await run();
    } finally {
      logger.logQuery = original;
    }
    return sent;
  }

  const LIST = `query($first: Int) { offenders(first: $first) { edges { node {
    id
    tierHistoryConnection(first: 2) { totalCount pageInfo { hasNextPage hasPreviousPage endCursor } edges { cursor node { id level } } }
    notificationsConnection(first: 2) { totalCount pageInfo { hasNextPage hasPreviousPage endCursor } edges { cursor node { id status } } }
  } } } }`;
  type List = { offenders: { edges: { node: { tierHistoryConnection: Conn; notificationsConnection: Conn } }[] } };

  it('reads 10 and 50 offenders with both paged child lists in the same number of statements', async () => {
    let small: List | undefined;
    let large: List | undefined;
    const s10 = await statements(async () => (small = ok(await t.query<List>('OFFICER', LIST, { first: 10 }, { agency: FIRST }))));
    const s50 = await statements(async () => (large = ok(await t.query<List>('OFFICER', LIST, { first: 50 }, { agency: FIRST }))));
    expect(small!.offenders.edges).toHaveLength(10);
    expect(large!.offenders.edges).toHaveLength(50);
    // Every offender has a tier and a notice: the pages are real reads, not empty answers.
    expect(large!.offenders.edges.every((e) => e.node.tierHistoryConnection.totalCount >= 1 && e.node.notificationsConnection.edges.length >= 1)).toBe(true);
    expect(s50.length).toBe(s10.length);
    // One statement per child list for the whole page of offenders (the rest is the request's audit trail).
    const reads = (sent: string[]) => sent.filter((q) => /\bFROM mem JOIN (tier_assignment|notification)\b/.test(q));
    expect(reads(s10)).toHaveLength(2);
    expect(reads(s50)).toHaveLength(2);
  });
});

describe("tiering's other connections after a cursor", () => {
  const INFO = 'totalCount pageInfo { hasNextPage hasPreviousPage startCursor endCursor } edges { cursor }';
  const DAY = 86_400_000;
  const COORDINATOR_1: Who = { role: 'COORDINATOR', agency: FIRST };

  /** Three versions or items in each of the lists below, written the ordinary way by FIRST's coordinator. */
  beforeAll(async () => {
    const write = async (doc: string, input: unknown) => ok(await t.query(COORDINATOR_1.role, doc, { input }, { agency: COORDINATOR_1.agency }));
    const policy = ok(await t.query<{ activeTierPolicy: { rules: unknown } }>('COORDINATOR', '{ activeTierPolicy { rules } }', {}, { agency: FIRST }));
    for (let i = 1; i <= 3; i++) {
      await write('mutation($input: PublishTierPolicyInput!) { publishTierPolicy(input: $input) { policy { version } } }', {
        version: `pages-${i}`,
        rules: policy.activeTierPolicy.rules,
      });
      await write('mutation($input: PublishSiteProfileInput!) { publishSiteProfile(input: $input) { profile { version } } }', {
        partnershipName: 'High Point OFDVI',
        letterhead: `High Point Police Department, version ${i}`,
        signatories: [{ name: 'Dana Whitfield', title: 'Chief of Police', organisation: 'High Point Police Department' }],
        services: [],
        goLiveOn: new Date(Date.now() - 30 * DAY).toISOString().slice(0, 10),
      });
      await write('mutation($input: DraftLetterTemplateInput!) { draftLetterTemplate(input: $input) { template { id } } }', {
        language: 'EN',
        title: `Notice ${i}`,
        message: 'Your community says: the violence stops now.',
        closing: 'Signed, for the partnership:',
      });
      await write('mutation($input: ScheduleCallInSessionInput!) { scheduleCallInSession(input: $input) { session { id } } }', {
        startsAt: new Date(t.clock.now().getTime() + i * DAY).toISOString(),
        place: `High Point Library, Room ${i}`,
        speakers: [{ role: 'POLICE', name: 'Lt. Ann Harper', organisation: 'High Point Police Department' }],
      });
    }
  });

  // Pages of 2 for the lists of three or four items; of 10 for the two with every one of the fifty-odd offenders (still six
  // pages or more: the same invariants, not thirty requests a list).
  const lists: [string, Who, string][] = [
    ['notificationQueue', OFFICER_1, `query($after: String) { notificationQueue(first: 10, after: $after) { ${INFO} } }`],
    ['tierRoster', OFFICER_1, `query($after: String) { tierRoster(first: 10, after: $after) { ${INFO} } }`],
    ['tierPolicies', COORDINATOR_1, `query($after: String) { tierPolicies(first: 2, after: $after) { ${INFO} } }`],
    [
      'siteProfileVersions',
      COORDINATOR_1,
      `query($after: String) { siteProfileVersions(first: 2, after: $after, filter: { agency: "${FIRST}" }) { ${INFO} } }`,
    ],
    ['letterTemplates', COORDINATOR_1, `query($after: String) { letterTemplates(first: 2, after: $after) { ${INFO} } }`],
    ['callInSessions', COORDINATOR_1, `query($after: String) { callInSessions(first: 2, after: $after) { ${INFO} } }`],
  ];

  it.each(lists)('%s: hasPreviousPage is false on the first page, true after a cursor, and pages cover the list once', async (field, who, doc) => {
    const pages: Conn[] = [];
    let after: string | null = null;
    do {
      const res: GraphQLResponse<Record<string, Conn>> = await t.query(who.role, doc, { after }, { agency: who.agency });
      const page: Conn = ok(res)[field]!;
      pages.push(page);
      after = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
    } while (after && pages.length < 60);
    expect(pages[0]!.totalCount).toBeGreaterThanOrEqual(3);
    expect(pages.length).toBeGreaterThanOrEqual(2);
    pages.forEach((p, i) => {
      expect(p.pageInfo.hasPreviousPage).toBe(i > 0);
      expect(p.pageInfo.hasNextPage).toBe(i < pages.length - 1);
      expect(p.totalCount).toBe(pages[0]!.totalCount);
    });
    const cursors = pages.flatMap((p) => p.edges.map((e) => e.cursor));
    expect(cursors).toHaveLength(pages[0]!.totalCount);
    expect(new Set(cursors).size).toBe(cursors.length);
  });
});
