/** Every reference and child list is batched: the statement count of a nested query does not grow with the page size. */
import type { Logger as TypeOrmLogger } from 'typeorm';
import { startTestHub, type TestHub } from './harness/hub';

let t: TestHub;
beforeAll(async () => {
  t = await startTestHub({ seed: true });
});
afterAll(() => t.stop());

const NESTED = `query($first: Int) {
  offenders(first: $first) {
    totalCount
    edges { node {
      id name protectiveOrders { orderNumber inForce violations { id } }
      incidents(first: 5) { totalCount edges { node {
        id rmsNumber narrative weaponInvolved protectiveOrderInForce protectiveOrderViolation
        victims { name phone injury { code } } charges { statute disposition } offenders { id name }
        lethalityScreen { result screenedIn } violatedProtectiveOrder { orderNumber } versions { version }
      } } }
    } }
  }
}`;

/** Counts the SQL statements the incidents subgraph sends to PostgreSQL while `run` runs. */
async function statements(run: () => Promise<unknown>): Promise<number> {
  const logger = t.hub.services.incidents.dataSource.logger as TypeOrmLogger;
  const original = logger.logQuery;
  let n = 0;
  logger.logQuery = function (this: TypeOrmLogger, ...args: Parameters<TypeOrmLogger['logQuery']>) {
    n++;
    return original.apply(this, args);
  };
  try {
    await run();
  } finally {
    logger.logQuery = original;
  }
  return n;
}

type Page = { offenders: { edges: { node: { incidents: { edges: { node: { victims: unknown[]; charges: unknown[] } }[] } } }[] } };

describe('loaders', () => {
  it('reads offenders(first: 10) and offenders(first: 100) with their incidents, victims and charges in the same number of statements', async () => {
    let small: Page | undefined;
    let large: Page | undefined;
    const n10 = await statements(async () => (small = (await t.query<Page>('OFFICER', NESTED, { first: 10 })).data!));
    const n100 = await statements(async () => (large = (await t.query<Page>('OFFICER', NESTED, { first: 100 })).data!));
    expect(small!.offenders.edges).toHaveLength(10);
    expect(large!.offenders.edges).toHaveLength(100);
    const incidents = large!.offenders.edges.flatMap((e) => e.node.incidents.edges);
    expect(incidents.length).toBeGreaterThan(150);
    expect(incidents.some((i) => i.node.charges.length > 0)).toBe(true);
    expect(n100).toBe(n10);
    expect(n10).toBeLessThan(25);
  });
});
