import fs from 'node:fs';
import path from 'node:path';
import { buildASTSchema, parse, type GraphQLEnumType } from 'graphql';
import { RELATIONSHIP_CODES } from './nibrs';

describe('NIBRS relationship codes', () => {
  it('are the values of the schema enum RelationshipCode, one for one', () => {
    const sdl = fs.readFileSync(path.join(__dirname, 'schema.graphql'), 'utf8');
    const doc = parse(sdl);
    const only = { ...doc, definitions: doc.definitions.filter((d) => d.kind === 'EnumTypeDefinition' && d.name.value === 'RelationshipCode') };
    const values = (buildASTSchema(only).getType('RelationshipCode') as GraphQLEnumType).getValues().map((v) => v.name);
    expect([...values].sort()).toEqual([...RELATIONSHIP_CODES].sort());
    expect(values).toEqual(expect.arrayContaining(['BG', 'SE', 'CS', 'XS', 'XR', 'PA', 'CH']));
  });
});
