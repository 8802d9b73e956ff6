import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buildSubgraphSchema } from '@apollo/subgraph';
import { isIntrospectionType, isObjectType, parse, type GraphQLObjectType } from 'graphql';
import type { DataSource } from 'typeorm';
import {
  DeniableNonNullFieldsError,
  SERVICE_NAMES,
  UnclassifiedFieldsError,
  createLogger,
  databaseUrl,
  dropDatabase,
  internalVerifierFor,
  loadConfig,
  openDatabase,
  readFieldClasses,
  startSubgraph,
  subgraphSdl,
} from '@ipvi/core';
import { SERVICES } from '../scripts/hub';

/** Federation's own fields: guarded by the internal identity, not by a data class. */
const FEDERATION_FIELDS = new Set(['Query._service', 'Query._entities', '_Service.sdl']);

describe.each(SERVICE_NAMES)('the %s subgraph', (name) => {
  it('gives every field of its executable schema a data class', () => {
    const sdl = subgraphSdl(name, SERVICES[name].definition.typeDefs);
    const classes = readFieldClasses(sdl);
    const schema = buildSubgraphSchema([{ typeDefs: parse(sdl) }]);
    const fields = Object.values(schema.getTypeMap())
      .filter((t) => isObjectType(t) && !isIntrospectionType(t))
      .flatMap((t) => Object.keys((t as GraphQLObjectType).getFields()).map((f) => `${t.name}.${f}`))
      .filter((f) => !FEDERATION_FIELDS.has(f));
    expect(fields.filter((f) => !classes.has(f))).toEqual([]);
    expect(fields.length).toBeGreaterThan(10);
  });
});

describe('a subgraph whose SDL breaks the classification rules', () => {
  const stateDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ipvi-test-'));
  const config = loadConfig({ HUB_ENV: 'test', LOG_LEVEL: 'silent', HUB_STATE_DIR: stateDir });
  const url = databaseUrl(process.env.IPVI_TEST_PG_URL!, `tcls_${Date.now().toString(36)}`);
  let ds: DataSource;
  beforeAll(async () => {
    ds = await openDatabase({ url, entities: [], migrations: [] });
  });
  afterAll(async () => {
    await ds.destroy();
    await dropDatabase(url);
    fs.rmSync(stateDir, { recursive: true, force: true });
  });

  const start = async (extraSdl: string) => {
    const def = SERVICES.tiering.definition;
    const deps = { config, dataSource: ds, log: createLogger('silent'), verifier: await internalVerifierFor(config, 'tiering') };
    const server = await startSubgraph({ ...def, typeDefs: `${def.typeDefs}\n${extraSdl}` }, deps, 0);
    await server.close();
  };

  it('refuses to start with a field that has no class, naming it', async () => {
    await expect(start('extend type TierAssignment { overrideReason: String }')).rejects.toThrow(UnclassifiedFieldsError);
    await expect(start('extend type TierAssignment { overrideReason: String }')).rejects.toThrow(/TierAssignment\.overrideReason/);
  });

  it('refuses to start with a non-null field that a denial would wipe out with its siblings', async () => {
    const sdl =
      'type Flag @classified(class: POLICE_OPERATIONAL) { id: ID! @classified(class: PUBLIC_OPERATIONAL) basis: String! @classified(class: CJI) }\nextend type Offender { flag: Flag @classified(class: POLICE_OPERATIONAL) }';
    await expect(start(sdl)).rejects.toThrow(DeniableNonNullFieldsError);
  });

  it('starts with the same fields classified and nullable', async () => {
    await expect(start('extend type TierAssignment { overrideReason: String @classified(class: CJI) }')).resolves.toBeUndefined();
  });
});
