import { buildSubgraphSchema } from '@apollo/subgraph';
import { execute, parse } from 'graphql';
import { AuditCollector } from '../audit/collector';
import { loadConfig } from '../config';
import type { ConsentCheck, ConsentQuestion, HubContext } from '../context';
import type { Role } from '../identity/principal';
import { createLogger } from '../logger';
import { CLASSIFICATION_SDL, readFieldClasses } from './classification';
import { applyPolicy } from './shield';

const SDL = `
extend schema @link(url: "https://specs.apollo.dev/federation/v2.7", import: ["@key"])
type Query {
  client: Client @classified(class: VICTIM_CONFIDENTIAL)
  incident: Incident @classified(class: POLICE_OPERATIONAL)
}
type Client @key(fields: "id") @classified(class: VICTIM_CONFIDENTIAL) {
  id: ID! @classified(class: PUBLIC_OPERATIONAL)
  phone: String @classified(class: VICTIM_CONSENTED)
}
type Incident @classified(class: POLICE_OPERATIONAL) {
  id: ID! @classified(class: PUBLIC_OPERATIONAL)
  client: Client @classified(class: POLICE_OPERATIONAL)
  secret: String @classified(class: POLICE_OPERATIONAL)
}
type Mutation { recordThing(fail: Boolean): ThingPayload @classified(class: POLICE_OPERATIONAL) }
type ThingPayload @classified(class: POLICE_OPERATIONAL) { thing: Incident created: Boolean }
${CLASSIFICATION_SDL}`;

const resolvers = {
  Query: { incident: () => ({ id: 'i1', secret: 'S3CRET' }) },
  Incident: { client: () => ({ id: 'c1', phone: '555-0100' }) },
  Mutation: {
    recordThing: (_: unknown, { fail }: { fail?: boolean }) => {
      if (fail) throw new Error('write failed');
      return { thing: { id: 'i9' }, created: true };
    },
  },
};

const schemaOf = (classes = readFieldClasses(SDL)) => applyPolicy(buildSubgraphSchema([{ typeDefs: parse(SDL), resolvers: resolvers as never }]), classes);
const config = loadConfig({ HUB_ENV: 'test', LOG_LEVEL: 'silent' });

async function run(role: Role, doc: string, consent?: ConsentCheck, schema = schemaOf()) {
  const ctx: HubContext = {
    service: 'victim-services',
    principal: { sub: 's', roles: [role], agency: 'NC0410200', scope: [] },
    requestId: 'r-1',
    viaGateway: true,
    audit: new AuditCollector(),
    config,
    log: createLogger('silent'),
    loaders: {},
    consent,
    now: () => new Date(),
  };
  const res = await execute({ schema, document: parse(doc), contextValue: ctx });
  return { data: res.data, codes: (res.errors ?? []).map((e) => `${e.extensions.code}@${e.path?.join('.')}`), audit: ctx.audit.drain() };
}

describe('the derived shield', () => {
  const doc = '{ incident { client { id phone } } }';

  it('releases a consent-gated field when the hook names an active consent, recording the consent id', async () => {
    const asked: ConsentQuestion[] = [];
    const res = await run('OFFICER', doc, async (_ctx, q) => (asked.push(q), 'consent-42'));
    expect(res.data).toEqual({ incident: { client: { id: 'c1', phone: '555-0100' } } });
    expect(asked).toEqual([{ parent: { id: 'c1', phone: '555-0100' }, fieldPath: 'Client.phone', dataClass: 'VICTIM_CONSENTED', entityId: 'c1' }]);
    expect(res.audit).toContainEqual({ action: 'READ', fieldPath: 'Client.phone', outcome: 'ALLOWED', consentId: 'consent-42', entityIds: ['c1'] });
  });

  it.each([
    ['no consent', async () => null],
    ['a failing consent check', async () => Promise.reject(new Error('consent store down'))],
    ['no consent hook at all', undefined],
  ] as [string, ConsentCheck | undefined][])('denies the field with %s, and records the denial', async (_name, consent) => {
    const res = await run('OFFICER', doc, consent);
    expect(res.data).toEqual({ incident: { client: { id: 'c1', phone: null } } });
    expect(res.codes).toEqual(['FORBIDDEN@incident.client.phone']);
    expect(res.audit).toContainEqual({ action: 'READ', fieldPath: 'Client.phone', outcome: 'DENIED', consentId: null, entityIds: ['c1'] });
  });

  it('never asks for consent where the policy allows or denies outright', async () => {
    const consent = jest.fn(async () => 'consent-1');
    expect((await run('ADVOCATE', doc, consent)).data).toEqual({ incident: { client: { id: 'c1', phone: '555-0100' } } });
    expect((await run('ANALYST', doc, consent)).codes).toEqual(['FORBIDDEN@incident']);
    expect(consent).not.toHaveBeenCalled();
  });

  it('denies a field the classes do not cover (fallback rule)', async () => {
    const classes = new Map([...readFieldClasses(SDL)].filter(([f]) => f !== 'Incident.secret'));
    const res = await run('OFFICER', '{ incident { id secret } }', undefined, schemaOf(classes));
    expect(res.data).toEqual({ incident: { id: 'i1', secret: null } });
    expect(res.codes).toEqual(['FORBIDDEN@incident.secret']);
  });

  it('records allowed writes with the ids the payload names, failed ones, and denied ones', async () => {
    const ok = await run('OFFICER', 'mutation { recordThing { created } }');
    expect(ok.audit).toContainEqual({ action: 'WRITE', fieldPath: 'Mutation.recordThing', outcome: 'WRITTEN', consentId: null, entityIds: ['i9'] });
    const failed = await run('OFFICER', 'mutation { recordThing(fail: true) { created } }');
    expect(failed.audit).toContainEqual({ action: 'WRITE', fieldPath: 'Mutation.recordThing', outcome: 'FAILED', consentId: null, entityIds: [] });
    const denied = await run('PROSECUTOR', 'mutation { recordThing { created } }');
    expect(denied.codes).toEqual(['FORBIDDEN@recordThing']);
    expect(denied.audit).toEqual([{ action: 'WRITE', fieldPath: 'Mutation.recordThing', outcome: 'DENIED', consentId: null, entityIds: [] }]);
  });
});
