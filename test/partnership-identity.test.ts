/**
 * Issue 9's *Why*, from the second department's side, through the gateway with two police and two
 * advocacy agencies: NC0410300's officer records a minor incident with the name and date of birth of
 * a person NC0410200 knows. Every step that used to cross the agency line now fails safely: a new
 * record and a candidate (seen only by NC0410200's coordinator), nothing of NC0410200's person shown
 * or writable, a reviewed link with its feed events and audit, refusals that look like missing records.
 */
import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { databaseUrl, dropDatabase, FeedConsumer1764000000001, openDatabase, personLinkFeedConsumer, type PersonLinkFeedEvent } from '@ipvi/core';
import { codes, consumerEnv, ok, startTestHub, withoutRequestIds, type TestHub } from './harness/hub';
import { incidentInput, RECORD, type RecordResult } from './fixtures/incidents';

const FIRST = 'NC0410200';
const SECOND = 'NC0410300';
const ENV = { POLICE_AGENCIES: `${FIRST},${SECOND}`, ADVOCACY_AGENCIES: `ADV-FSP-01=${FIRST};ADV-OTHER-01=${SECOND}` };

let t: TestHub;
/** A consumer of the person-link feed as tiering runs one (its own cursor database, tiering's service principal, through the gateway). */
const consumerUrl = databaseUrl(process.env.IPVI_TEST_PG_URL!, `tlink${randomUUID().slice(0, 8)}_consumer`);
let consumerDb: DataSource;
const applied: PersonLinkFeedEvent[] = [];
const consumer = () => personLinkFeedConsumer(consumerEnv(t, consumerDb), 'tiering', 'SERVICE_TIERING', async (_m, e) => void applied.push(e));
beforeAll(async () => {
  [t, consumerDb] = await Promise.all([startTestHub({ env: ENV }), openDatabase({ url: consumerUrl, entities: [], migrations: [FeedConsumer1764000000001] })]);
});
afterAll(async () => {
  await consumerDb.destroy();
  await Promise.all([t.stop(), dropDatabase(consumerUrl)]);
});

/** What NC0410200 knows of the person: none of it may reach NC0410300. */
const KNOWN = { name: 'Jordan Q. Exampleton', dateOfBirth: '1984-11-23', aliases: ['Jody Exampleton'], stateId: 'SID-FIRST-77123', localId: 'LID-FIRST-0042' };
const FIRST_RMS = 'HP-FIRST-2026-000777';
const SECRETS = [KNOWN.stateId, KNOWN.localId, KNOWN.aliases[0]!, FIRST_RMS, 'first department narrative'];

const first = { agency: FIRST };
const second = { agency: SECOND };

const CANDIDATES = `query($status: PersonLinkCandidateStatus) { personLinkCandidates(first: 20, filter: { status: $status }) {
  totalCount edges { node { id status reasons proposedAt existing { agency name dateOfBirth offender { id stateId } } proposed { agency name dateOfBirth offender { id } }
    decidedBy decidedByAgency decisionJustification link { id agencies linkedBy linkedByAgency linkJustification unlinkedAt unlinkedBy unlinkJustification } } } } }`;
const CONFIRM = `mutation($input: ConfirmPersonLinkInput!) { confirmPersonLink(input: $input) { candidate { id status decidedByAgency } link { id agencies linkedByAgency linkJustification } } }`;
const REJECT = `mutation($input: RejectPersonLinkInput!) { rejectPersonLink(input: $input) { candidate { id status decisionJustification } } }`;
const UNLINK = `mutation($input: UnlinkPersonsInput!) { unlinkPersons(input: $input) { link { id unlinkedAt unlinkedByAgency unlinkJustification } candidate { id status } } }`;
const OFFENDER =
  'query($id: ID!) { offender(id: $id) { id name aliases stateId localId linkedAgencies incidents { totalCount edges { node { rmsNumber } } } } }';
const FEED = '{ personLinkEvents(first: 100) { edges { node { id type recordedAt linkId offenderIds agencies } } pageInfo { endCursor hasNextPage } } }';

type Candidate = {
  id: string;
  status: string;
  reasons: string[];
  existing: { agency: string; offender: { id: string } | null };
  proposed: { agency: string; offender: { id: string } | null };
  link: { id: string; agencies: string[]; unlinkedAt: string | null } | null;
};
type Candidates = { personLinkCandidates: { totalCount: number; edges: { node: Candidate }[] } };
type FeedNode = { id: string; type: string; linkId: string; offenderIds: string[]; agencies: string[] };

const record = (input: Record<string, unknown>, agency: string) =>
  t.query<RecordResult>('OFFICER', RECORD, { input: { ...input, agencyOri: agency } }, { agency });
const candidatesAs = async (role: 'OFFICER' | 'COORDINATOR' | 'DV_DETECTIVE' | 'PROSECUTOR', agency: string, status?: string) =>
  ok(await t.query<Candidates>(role, CANDIDATES, { status }, { agency })).personLinkCandidates;
const feedAsTiering = async () =>
  ok(
    await t.post<{ personLinkEvents: { edges: { node: FeedNode }[] } }>(
      t.url,
      { query: FEED },
      { authorization: `Bearer ${await t.token('SERVICE_TIERING', { agency: 'IPVI-HUB' })}` },
    ),
  ).personLinkEvents.edges.map((e) => e.node);

let firstOffender: string;
let secondOffender: string;
let candidateId: string;

describe('the second department records a person the first department knows', () => {
  beforeAll(async () => {
    const known = ok(await record(incidentInput({ rmsNumber: FIRST_RMS, narrative: 'first department narrative', offender: KNOWN }), FIRST));
    firstOffender = known.recordIncident.incident.offenders[0]!.id;
  });

  it("gets a new record of its own, no duplicates entry, and nothing of the first department's person", async () => {
    const minor = incidentInput({
      offenses: ['13B'],
      arrestMade: false,
      charges: [],
      narrative: 'minor',
      offender: { name: 'EXAMPLETON, Jordan Q.', dateOfBirth: KNOWN.dateOfBirth },
    });
    const res = await record(minor, SECOND);
    const r = ok(res).recordIncident;
    secondOffender = r.incident.offenders[0]!.id;
    expect(secondOffender).not.toBe(firstOffender);
    expect(r.created).toBe(true);
    expect(r.duplicates).toEqual([]);
    for (const s of [...SECRETS, firstOffender]) expect(res.text).not.toContain(s);

    const mine = ok(await t.query<{ offender: Record<string, unknown> }>('OFFICER', OFFENDER, { id: secondOffender }, second)).offender;
    expect(mine).toMatchObject({ id: secondOffender, aliases: [], stateId: null, localId: null, linkedAgencies: [], incidents: { totalCount: 1 } });
    const theirs = await t.query('OFFICER', OFFENDER, { id: firstOffender }, second);
    expect(theirs.data).toEqual({ offender: null });
    const search = await t.query<{ offenders: { edges: { node: { id: string } }[] } }>(
      'OFFICER',
      '{ offenders(first: 50, search: "Exampleton") { edges { node { id aliases stateId } } } }',
      {},
      second,
    );
    expect(ok(search).offenders.edges.map((e) => e.node.id)).toEqual([secondOffender]);
    for (const s of [...SECRETS, firstOffender]) expect(search.text).not.toContain(s);
  });

  it("raises a candidate that only the first department's coordinator sees; the second department sees no candidate and no hint", async () => {
    for (const [role, agency] of [
      ['OFFICER', SECOND],
      ['COORDINATOR', SECOND],
      ['DV_DETECTIVE', SECOND],
      ['OFFICER', FIRST],
      ['PROSECUTOR', FIRST],
    ] as const) {
      expect([role, agency, await candidatesAs(role, agency)]).toEqual([role, agency, { totalCount: 0, edges: [] }]);
    }
    const list = await candidatesAs('COORDINATOR', FIRST, 'PENDING');
    expect(list.totalCount).toBe(1);
    const c = list.edges[0]!.node;
    expect(c).toMatchObject({
      status: 'PENDING',
      reasons: ['SAME_NAME_SAME_DOB'],
      existing: { agency: FIRST, name: KNOWN.name, dateOfBirth: KNOWN.dateOfBirth, offender: { id: firstOffender, stateId: KNOWN.stateId } },
      // The second department's record is not in the first department's row scope: its name and date of birth as matched, never the record.
      proposed: { agency: SECOND, name: 'EXAMPLETON, Jordan Q.', dateOfBirth: KNOWN.dateOfBirth, offender: null },
      link: null,
    });
    candidateId = c.id;
  });

  it("cannot add aliases or identifiers to the first department's record: its id answers like a missing one", async () => {
    const by = (id: string) =>
      record(incidentInput({ offender: { id, aliases: ['Second Alias'], stateId: 'SID-SECOND-1', localId: 'LID-SECOND-1' } }, 9001), SECOND);
    const theirs = await by(firstOffender);
    const missing = await by(randomUUID());
    expect(codes(theirs)).toEqual(['BAD_USER_INPUT']);
    expect(theirs.errors![0]!.extensions!.field).toBe('input.offender.id');
    expect(withoutRequestIds(theirs.text)).toBe(withoutRequestIds(missing.text));

    const ORDER = 'mutation($input: RecordProtectiveOrderInput!) { recordProtectiveOrder(input: $input) { protectiveOrder { id } } }';
    const order = (id: string) =>
      t.query(
        'OFFICER',
        ORDER,
        {
          input: {
            agencyOri: SECOND,
            orderNumber: '26CVD777001',
            orderType: 'EX_PARTE',
            issuedOn: '2026-01-10',
            restrainedOffender: { id, aliases: ['Second Alias'] },
            protectedParty: { name: 'Pat Protected' },
          },
        },
        second,
      );
    const theirOrder = await order(firstOffender);
    expect([codes(theirOrder), theirOrder.errors![0]!.extensions!.field]).toEqual([['BAD_USER_INPUT'], 'input.restrainedOffender.id']);
    expect(withoutRequestIds(theirOrder.text)).toBe(withoutRequestIds((await order(randomUUID())).text));

    // By name and date of birth, what the second department adds goes to its own record.
    ok(
      await record(
        incidentInput({ offender: { name: 'Jordan Q Exampleton', dateOfBirth: KNOWN.dateOfBirth, aliases: ['Second Alias'], stateId: 'SID-SECOND-1' } }),
        SECOND,
      ),
    );
    const firstView = ok(
      await t.query<{ offender: { aliases: string[]; stateId: string; localId: string } }>('OFFICER', OFFENDER, { id: firstOffender }, first),
    ).offender;
    expect(firstView).toMatchObject({ aliases: KNOWN.aliases, stateId: KNOWN.stateId, localId: KNOWN.localId });
    const secondView = ok(await t.query<{ offender: { aliases: string[]; stateId: string } }>('OFFICER', OFFENDER, { id: secondOffender }, second)).offender;
    expect(secondView).toMatchObject({ aliases: ['Second Alias'], stateId: 'SID-SECOND-1' });
  });

  it('refuses a decision by a coordinator who does not own the existing record exactly like a missing candidate', async () => {
    for (const [doc, input] of [
      [CONFIRM, { justification: 'same person' }],
      [REJECT, { justification: 'not the same' }],
    ] as const) {
      const theirs = await t.query('COORDINATOR', doc, { input: { ...input, candidateId } }, second);
      const missing = await t.query('COORDINATOR', doc, { input: { ...input, candidateId: randomUUID() } }, second);
      expect(codes(theirs)).toEqual(['NOT_FOUND']);
      expect(withoutRequestIds(theirs.text)).toBe(withoutRequestIds(missing.text));
      // An officer of the owning agency may not decide at all (coordinators write COORDINATION).
      expect(codes(await t.query('OFFICER', doc, { input: { ...input, candidateId } }, first))).toEqual(['FORBIDDEN']);
    }
    expect((await candidatesAs('COORDINATOR', FIRST, 'PENDING')).totalCount).toBe(1);
  });

  it("links the records when the first department's coordinator confirms, writes PERSONS_LINKED, and still shares no details", async () => {
    const noReason = await t.query('COORDINATOR', CONFIRM, { input: { candidateId, justification: '   ' } }, first);
    expect(codes(noReason)).toEqual(['BAD_USER_INPUT']);
    expect(noReason.errors![0]!.extensions!.field).toBe('input.justification');

    const res = ok(
      await t.query<{ confirmPersonLink: { candidate: Candidate; link: { id: string; agencies: string[]; linkJustification: string } } }>(
        'COORDINATOR',
        CONFIRM,
        { input: { candidateId, justification: 'Same SID on the arrest card' } },
        first,
      ),
    ).confirmPersonLink;
    expect(res.candidate).toMatchObject({ id: candidateId, status: 'CONFIRMED', decidedByAgency: FIRST });
    expect(res.link).toMatchObject({ agencies: [FIRST, SECOND], linkedByAgency: FIRST, linkJustification: 'Same SID on the arrest card' });

    const events = await feedAsTiering();
    expect(events).toEqual([
      {
        id: expect.any(String),
        type: 'PERSONS_LINKED',
        recordedAt: expect.any(String),
        linkId: res.link.id,
        offenderIds: [firstOffender, secondOffender],
        agencies: [FIRST, SECOND],
      },
    ]);
    // Tiering's consumer reads it with the contract's document (core feed/person-link-feed.ts).
    expect(await consumer().drain()).toBe(1);
    expect(applied).toEqual([
      {
        id: events[0]!.id,
        type: 'PERSONS_LINKED',
        recordedAt: expect.any(String),
        linkId: res.link.id,
        offenderIds: [firstOffender, secondOffender],
        agencies: [FIRST, SECOND],
      },
    ]);

    const again = await t.query('COORDINATOR', CONFIRM, { input: { candidateId, justification: 'again' } }, first);
    expect(codes(again)).toEqual(['CONFLICT']);

    // Each department: its own record, and which partner holds a linked one; never the other's record.
    const mine = await t.query<{ offender: { linkedAgencies: string[]; stateId: string } }>('OFFICER', OFFENDER, { id: secondOffender }, second);
    expect(ok(mine).offender).toMatchObject({ linkedAgencies: [FIRST], stateId: 'SID-SECOND-1', incidents: { totalCount: 2 } });
    for (const s of [...SECRETS, firstOffender]) expect(mine.text).not.toContain(s);
    expect((await t.query('OFFICER', OFFENDER, { id: firstOffender }, second)).data).toEqual({ offender: null });
    expect(ok(await t.query<{ offender: { linkedAgencies: string[] } }>('OFFICER', OFFENDER, { id: firstOffender }, first)).offender.linkedAgencies).toEqual([
      SECOND,
    ]);
    // Advocates get no link information (COORDINATION is criminal-justice side only).
    const adv = await t.query('ADVOCATE', 'query($id: ID!) { offender(id: $id) { id linkedAgencies } }', { id: firstOffender }, { agency: 'ADV-FSP-01' });
    expect(codes(adv)).toEqual(['FORBIDDEN']);
    expect(adv.data).toEqual({ offender: { id: firstOffender, linkedAgencies: null } });
  });

  it("undoes the link (who, when, why) with PERSONS_UNLINKED; a non-owner coordinator's undo looks like a missing link", async () => {
    const linkId = (await candidatesAs('COORDINATOR', FIRST, 'CONFIRMED')).edges[0]!.node.link!.id;
    const theirs = await t.query('COORDINATOR', UNLINK, { input: { linkId, justification: 'not ours' } }, second);
    const missing = await t.query('COORDINATOR', UNLINK, { input: { linkId: randomUUID(), justification: 'not ours' } }, second);
    expect(codes(theirs)).toEqual(['NOT_FOUND']);
    expect(withoutRequestIds(theirs.text)).toBe(withoutRequestIds(missing.text));

    const res = ok(
      await t.query<{
        unlinkPersons: { link: { id: string; unlinkedAt: string; unlinkedByAgency: string; unlinkJustification: string }; candidate: { status: string } };
      }>('COORDINATOR', UNLINK, { input: { linkId, justification: 'Twin brothers: SIDs differ' } }, first),
    ).unlinkPersons;
    expect(res).toMatchObject({
      link: { id: linkId, unlinkedByAgency: FIRST, unlinkJustification: 'Twin brothers: SIDs differ' },
      candidate: { status: 'UNLINKED' },
    });
    expect(Date.parse(res.link.unlinkedAt)).not.toBeNaN();
    expect((await feedAsTiering()).map((e) => [e.type, e.linkId, e.offenderIds])).toEqual([
      ['PERSONS_LINKED', linkId, [firstOffender, secondOffender]],
      ['PERSONS_UNLINKED', linkId, [firstOffender, secondOffender]],
    ]);
    expect(await consumer().drain()).toBe(1);
    expect(applied.map((e) => [e.type, e.linkId])).toEqual([
      ['PERSONS_LINKED', linkId],
      ['PERSONS_UNLINKED', linkId],
    ]);
    expect(codes(await t.query('COORDINATOR', UNLINK, { input: { linkId, justification: 'again' } }, first))).toEqual(['CONFLICT']);
    expect(ok(await t.query<{ offender: { linkedAgencies: string[] } }>('OFFICER', OFFENDER, { id: secondOffender }, second)).offender.linkedAgencies).toEqual(
      [],
    );
  });

  it('keeps an audit record of each decision and of each refused attempt', async () => {
    const trail = async (fieldPath: string) =>
      ok(
        await t.query<{ incidentsAuditEvents: { edges: { node: { agency: string; role: string; outcome: string; entityIds: string[] } }[] } }>(
          'AUDITOR',
          'query($f: AuditFilter) { incidentsAuditEvents(first: 50, filter: $f) { edges { node { agency role outcome entityIds } } } }',
          { f: { fieldPath } },
        ),
      ).incidentsAuditEvents.edges.map((e) => e.node);
    const linkId = (await candidatesAs('COORDINATOR', FIRST)).edges[0]!.node.link!.id;
    const confirms = await trail('Mutation.confirmPersonLink');
    expect(confirms).toContainEqual({ agency: FIRST, role: 'COORDINATOR', outcome: 'WRITTEN', entityIds: [candidateId, linkId].sort() });
    expect(confirms).toContainEqual(expect.objectContaining({ agency: SECOND, role: 'COORDINATOR', outcome: 'FAILED' }));
    expect(confirms).toContainEqual(expect.objectContaining({ agency: FIRST, role: 'OFFICER', outcome: 'DENIED' }));
    expect(await trail('Mutation.unlinkPersons')).toContainEqual({
      agency: FIRST,
      role: 'COORDINATOR',
      outcome: 'WRITTEN',
      entityIds: [candidateId, linkId].sort(),
    });
  });

  it('lets the owning coordinator reject a candidate (no link, no feed event); an alias with the same date of birth is a candidate too', async () => {
    const other = { name: 'Casey R. Marlowe', dateOfBirth: '1979-02-14', aliases: ['Kasey Marlow'] };
    ok(await record(incidentInput({ offender: other }), FIRST));
    ok(await record(incidentInput({ offender: { name: 'Kasey Marlow', dateOfBirth: other.dateOfBirth } }), SECOND));
    const pending = (await candidatesAs('COORDINATOR', FIRST, 'PENDING')).edges.map((e) => e.node);
    expect(pending).toHaveLength(1);
    expect(pending[0]).toMatchObject({ reasons: ['ALIAS_SAME_DOB'], existing: { agency: FIRST }, proposed: { agency: SECOND, offender: null } });
    const res = ok(
      await t.query<{ rejectPersonLink: { candidate: { status: string; decisionJustification: string } } }>(
        'COORDINATOR',
        REJECT,
        { input: { candidateId: pending[0]!.id, justification: 'Different middle name and address history' } },
        first,
      ),
    ).rejectPersonLink;
    expect(res.candidate).toEqual({ id: pending[0]!.id, status: 'REJECTED', decisionJustification: 'Different middle name and address history' });
    expect((await feedAsTiering()).map((e) => e.type)).toEqual(['PERSONS_LINKED', 'PERSONS_UNLINKED']);
    expect(codes(await t.query('COORDINATOR', CONFIRM, { input: { candidateId: pending[0]!.id, justification: 'changed my mind' } }, first))).toEqual([
      'CONFLICT',
    ]);
  });
});
