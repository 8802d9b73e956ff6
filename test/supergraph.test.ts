import fs from 'node:fs';
import { composeSupergraph } from '@ipvi/gateway/src/compose';
import { SUPERGRAPH_FILE } from '@ipvi/gateway/src/subgraphs';

describe('the checked-in supergraph', () => {
  it('composes without errors and matches gateway/supergraph.graphql (run `npm run compose` when this fails)', () => {
    expect(composeSupergraph()).toBe(fs.readFileSync(SUPERGRAPH_FILE, 'utf8'));
  });
});
