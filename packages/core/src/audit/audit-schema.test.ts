import { parse } from 'graphql';
import { readFieldClasses } from '../policy/classification';
import { auditQueryField, auditSdlFor, federationDirectiveName } from './audit-schema';

const link = (imports: string) => `extend schema @link(url: "https://specs.apollo.dev/federation/v2.7", import: [${imports}])\n`;

describe('the audit module', () => {
  it('names the query field after the subgraph', () => {
    expect(auditQueryField('incidents')).toBe('incidentsAuditEvents');
    expect(auditQueryField('tiering')).toBe('tieringAuditEvents');
    expect(auditQueryField('victim-services')).toBe('victimServicesAuditEvents');
  });

  it('uses @shareable under the name the subgraph links it by', () => {
    expect(federationDirectiveName(parse(link('"@key", "@shareable"') + 'type Q { a: Int }'), 'shareable')).toBe('shareable');
    expect(federationDirectiveName(parse(link('"@key"') + 'type Q { a: Int }'), 'shareable')).toBe('federation__shareable');
    expect(federationDirectiveName(parse(link('"@key", { name: "@shareable", as: "@share" }') + 'type Q { a: Int }'), 'shareable')).toBe('share');
  });

  it('extends an existing Query and reuses an existing PageInfo and DateTime', () => {
    const own =
      link('"@key", "@shareable"') +
      'scalar DateTime\ntype Query { a: Int @classified(class: PUBLIC_OPERATIONAL) }\ntype PageInfo @shareable { hasNextPage: Boolean! endCursor: String }';
    const sdl = auditSdlFor('incidents', own);
    expect(sdl).toContain('extend type Query');
    expect(sdl).not.toMatch(/type PageInfo|scalar DateTime/);
  });

  it('defines Query, PageInfo and DateTime for a subgraph without them, every field classified', () => {
    const sdl = auditSdlFor('tiering', link('"@key"') + 'type T @key(fields: "id") { id: ID! }');
    expect(sdl).toMatch(/^\s*type Query \{/m);
    expect(sdl).toContain('type PageInfo @federation__shareable');
    const classes = readFieldClasses(sdl);
    expect(classes.get('Query.tieringAuditEvents')).toBe('AUDIT');
    expect(classes.get('AuditEvent.hash')).toBe('AUDIT');
    expect(classes.get('AuditEventConnection.totalCount')).toBe('PUBLIC_OPERATIONAL');
  });
});
