import { dropTemplates } from './template-names';

export default async function globalTeardown(): Promise<void> {
  // A shared server keeps its databases: drop this run's templates (test files drop their own clones).
  if (process.env.TEST_DATABASE_URL && process.env.IPVI_TEST_PG_URL) await dropTemplates(process.env.IPVI_TEST_PG_URL);
  await globalThis.__IPVI_TEST_PG__?.stop(); // also removes its folder
}
