import fs from 'node:fs';
import { classConflicts, renderAccessMatrix } from '@ipvi/core';
import { subgraphSdls } from '@ipvi/gateway/src/subgraphs';
import { ACCESS_MATRIX_FILE } from '../scripts/access-matrix';

describe('the committed access matrix', () => {
  it('matches the SDL classes and the policy (run `npm run access-matrix` when this fails)', () => {
    expect(fs.readFileSync(ACCESS_MATRIX_FILE, 'utf8')).toBe(renderAccessMatrix(subgraphSdls()));
  });

  it('names the decisions the issue is about', () => {
    const text = renderAccessMatrix(subgraphSdls());
    const cells = (field: string) =>
      text
        .split('\n')
        .find((l) => l.startsWith(`| \`${field}\` `))!
        .split('|')
        .map((c) => c.trim());
    // | field | class | OFFICER | DV_DETECTIVE | COORDINATOR | PROSECUTOR | ADVOCATE | ...
    expect(cells('Incident.narrative').slice(2, 8)).toEqual(['`CJI`', 'allow', 'allow', 'allow', 'allow', 'deny']);
    expect(cells('Incident.outreach').slice(2, 8)).toEqual(['`VICTIM_CONFIDENTIAL`', 'deny', 'deny', 'deny', 'deny', 'allow']);
    // Coordinators' decisions: police and prosecutors read them, only coordinators make them, advocates see neither.
    expect(cells('TierAssignment.justification').slice(2, 8)).toEqual(['`COORDINATION`', 'allow', 'allow', 'allow', 'allow', 'deny']);
    expect(cells('Mutation.overrideTier').slice(2, 8)).toEqual(['`COORDINATION`', 'deny', 'deny', 'allow', 'deny', 'deny']);
    // A tier's explanation names the charges it counted and an override's justification: no criminal history for advocates.
    expect(cells('TierAssignment.explanation').slice(2, 8)).toEqual(['`CJI`', 'allow', 'allow', 'allow', 'allow', 'deny']);
    // What a victim's consent releases: police only under the consent, advocates always, analysts never.
    expect(cells('ConsentedContact.address').slice(2, 10)).toEqual([
      '`VICTIM_CONSENTED`',
      'with consent',
      'with consent',
      'with consent',
      'with consent',
      'allow',
      'allow',
      'deny',
    ]);
  });

  it('finds no field classified differently by two subgraphs', () => {
    expect(classConflicts(subgraphSdls())).toEqual([]);
    const sdl = (cls: string) => `type Offender { id: ID! @classified(class: ${cls}) }`;
    expect(
      classConflicts([
        { name: 'incidents', sdl: sdl('PUBLIC_OPERATIONAL') },
        { name: 'tiering', sdl: sdl('CJI') },
      ]),
    ).toEqual(['Offender.id: PUBLIC_OPERATIONAL in incidents, CJI in tiering']);
  });
});
