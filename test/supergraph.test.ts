import fs from 'node:fs';
import { Supergraph } from '@apollo/federation-internals';
import { composeSupergraphs } from '@ipvi/gateway/src/compose';
import { SERVICES_SUPERGRAPH_FILE, SUPERGRAPH_FILE } from '@ipvi/gateway/src/subgraphs';
import { printSchema } from 'graphql';

const apiSchemaOf = (sdl: string) => printSchema(Supergraph.build(sdl).schema.toAPISchema().toGraphQLJSSchema());

describe('the checked-in supergraphs', () => {
  const composed = composeSupergraphs();

  it("compose without errors and match gateway/supergraph.graphql (partners') and gateway/supergraph.services.graphql (run `npm run compose` when this fails)", () => {
    expect(composed.partners).toBe(fs.readFileSync(SUPERGRAPH_FILE, 'utf8'));
    expect(composed.services).toBe(fs.readFileSync(SERVICES_SUPERGRAPH_FILE, 'utf8'));
  });

  it("keeps the service feeds and their types out of the partners' API schema only", () => {
    const partners = apiSchemaOf(composed.partners);
    const services = apiSchemaOf(composed.services);
    for (const name of ['incidentEvents', 'personLinkEvents', 'clearanceEvents', 'IncidentEvent', 'PersonLinkEvent', 'ClearanceEvent']) {
      expect(partners).not.toContain(name);
      expect(services).toContain(name);
    }
    // Everything else is the same graph.
    expect(partners).toContain('incidentsAuditEvents');
    expect(partners).toContain('hasPreviousPage: Boolean!');
    expect(partners).toMatch(/enum RelationshipCode \{[^}]*\bBG\b[^}]*\}/);
    expect(partners).toMatch(/relationshipCode: RelationshipCode\n/);
    expect(partners).toMatch(/incidents\(first: Int, after: String, filter: IncidentFilter\): IncidentConnection!/);
  });
});
