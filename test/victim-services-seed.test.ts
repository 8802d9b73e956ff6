/** The victim-services demo seed: written through the entities, idempotent, and readable through the gateway. */
import { victimServicesService } from '@ipvi/victim-services';
import { createLogger } from '@ipvi/core';
import { ok, startTestHub, type TestHub } from './harness/hub';

let t: TestHub;
beforeAll(async () => {
  t = await startTestHub({ consumers: false });
});
afterAll(() => t.stop());

it('seeds clients with their records once, however often it runs, and advocates read them', async () => {
  const ds = t.hub.services['victim-services'].dataSource;
  const env = { log: createLogger('silent'), config: t.config };
  await victimServicesService.seed!(ds, env);
  await victimServicesService.seed!(ds, env);
  const counts = await t.sql<{ clients: number; consents: number; attempts: number }>(
    'victim-services',
    'SELECT (SELECT count(*)::int FROM client) AS clients, (SELECT count(*)::int FROM consent) AS consents, (SELECT count(*)::int FROM outreach_attempt) AS attempts',
  );
  expect(counts).toEqual([{ clients: 6, consents: 1, attempts: 12 }]);
  const res = ok(
    await t.query<{ clients: { totalCount: number; edges: { node: { preferredLanguage: string; consentsConnection: { totalCount: number } } }[] } }>(
      'ADVOCATE',
      '{ clients(first: 10) { totalCount edges { node { preferredLanguage consentsConnection { totalCount } } } } }',
    ),
  );
  expect(res.clients.totalCount).toBe(6);
  expect(new Set(res.clients.edges.map((e) => e.node.preferredLanguage))).toEqual(new Set(['EN', 'ES']));
  expect(res.clients.edges.reduce((n, e) => n + e.node.consentsConnection.totalCount, 0)).toBe(1);
});
