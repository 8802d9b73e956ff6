/**
 * Bad input to the program workflows, through the gateway (issues 10 and 11): a mutation with three
 * problems the schema's types cannot catch answers one BAD_USER_INPUT naming every field with its
 * reason (and the first as `extensions.field`), never the submitted value, and writes nothing.
 */
import { randomUUID } from 'node:crypto';
import { codes, ok, startTestHub, type GraphQLResponse, type TestHub } from './harness/hub';

let t: TestHub;
beforeAll(async () => {
  t = await startTestHub();
});
afterAll(() => t.stop());

type Problem = { field: string; reason: string };

/** The one BAD_USER_INPUT error of a response, with its problems. */
function badInput(res: GraphQLResponse): { message: string; field: unknown; problems: Problem[] } {
  expect(codes(res)).toEqual(['BAD_USER_INPUT']);
  const e = res.errors![0]!;
  return { message: e.message, field: e.extensions!.field, problems: e.extensions!.problems as Problem[] };
}

/** Asserts the answer names exactly these problems, in order, in its message and extensions. */
function expectProblems(res: GraphQLResponse, expected: Problem[]) {
  const e = badInput(res);
  expect(e.problems).toEqual(expected);
  expect(e.field).toBe(expected[0]!.field);
  expect(e.message).toBe(expected.map((p) => `${p.field}: ${p.reason}`).join('; '));
  expect(res.data ?? null).toBeNull();
}

const count = async (table: string) => (await t.sql<{ n: number }>('tiering', `SELECT count(*)::int AS n FROM ${table}`))[0]!.n;

/** A distinctive text longer than any name field allows (it must appear nowhere in an answer). */
const TOO_LONG = 'Quillfeather Montgomery-Vandersloot '.repeat(6);

const SCHEDULE = `mutation($input: ScheduleCallInSessionInput!) { scheduleCallInSession(input: $input) { session { id } } }`;
const INVITE = `mutation($input: InviteToCallInInput!) { inviteToCallIn(input: $input) { session { id invitations { id } } } }`;
const PUBLISH = `mutation($input: PublishSiteProfileInput!) { publishSiteProfile(input: $input) { profile { version } } }`;
const DRAFT = `mutation($input: DraftLetterTemplateInput!) { draftLetterTemplate(input: $input) { template { id } } }`;

const SPEAKER = { role: 'POLICE', name: 'Lt. Ann Harper', organisation: 'High Point Police Department' };

describe('a program-workflow mutation with three problems', () => {
  it('scheduleCallInSession names the past start, the blank place and the over-long speaker name at once', async () => {
    const [sessions, speakers] = [await count('call_in_session'), await count('call_in_speaker')];
    const res = await t.query('COORDINATOR', SCHEDULE, {
      input: {
        startsAt: new Date(t.clock.now().getTime() - 3 * 3600_000).toISOString(),
        place: '   ',
        speakers: [SPEAKER, { role: 'PROSECUTOR', name: TOO_LONG, organisation: '' }],
      },
    });
    expectProblems(res, [
      { field: 'input.startsAt', reason: 'must be in the future' },
      { field: 'input.place', reason: 'must not be empty' },
      { field: 'input.speakers[1].name', reason: 'must be at most 200 characters' },
    ]);
    expect(res.text).not.toContain('Quillfeather');
    expect([await count('call_in_session'), await count('call_in_speaker')]).toEqual([sessions, speakers]);
  });

  it('publishSiteProfile names the blank partnership, the missing signatories and the phone that is not one', async () => {
    const before = await count('site_profile');
    const res = await t.query('COORDINATOR', PUBLISH, {
      input: {
        partnershipName: '',
        letterhead: 'High Point Police Department',
        signatories: [],
        services: [
          {
            service: 'HOUSING',
            name: 'Open Door Housing',
            phone: 'ring Marigold',
            address: '1 Main St, High Point, NC',
            hours: 'Mon-Fri 9-5',
            languages: ['EN'],
          },
        ],
        goLiveOn: '2026-01-01',
      },
    });
    expectProblems(res, [
      { field: 'input.partnershipName', reason: 'must not be empty' },
      { field: 'input.signatories', reason: 'must hold at least one item' },
      { field: 'input.services[0].phone', reason: 'must be 7 to 30 digits, spaces or + ( ) - .' },
    ]);
    expect(res.text).not.toContain('Marigold');
    expect(await count('site_profile')).toBe(before);
  });

  it("draftLetterTemplate names another site's agency, the over-long title and the blank message at once", async () => {
    const before = await count('letter_template');
    const res = await t.query('COORDINATOR', DRAFT, {
      input: { agency: 'NC0999999', language: 'EN', title: TOO_LONG, message: ' \n ', closing: 'With the community behind you.' },
    });
    expectProblems(res, [
      { field: 'input.agency', reason: 'is not a police agency of the partnership' },
      { field: 'input.title', reason: 'must be at most 200 characters' },
      { field: 'input.message', reason: 'must not be empty' },
    ]);
    expect(res.text).not.toContain('Quillfeather');
    expect(res.text).not.toContain('NC0999999');
    expect(await count('letter_template')).toBe(before);
  });

  it('inviteToCallIn names every offender without an open CALL_IN notification, not only the first, and invites nobody', async () => {
    const session = ok(
      await t.query<{ scheduleCallInSession: { session: { id: string } } }>('COORDINATOR', SCHEDULE, {
        input: { startsAt: new Date(t.clock.now().getTime() + 3600_000).toISOString(), place: 'High Point Library', speakers: [SPEAKER] },
      }),
    ).scheduleCallInSession.session;
    const invitations = await count('call_in_invitation');
    const strangers = [randomUUID(), randomUUID(), randomUUID()];
    const res = await t.query('COORDINATOR', INVITE, { input: { sessionId: session.id, offenderIds: strangers } });
    const reason = "has no open CALL_IN notification of the session's agency";
    expectProblems(
      res,
      strangers.map((_, n) => ({ field: `input.offenderIds[${n}]`, reason })),
    );
    for (const id of strangers) expect(res.text).not.toContain(id);
    expect(await count('call_in_invitation')).toBe(invitations);
  });
});
