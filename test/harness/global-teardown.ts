export default async function globalTeardown(): Promise<void> {
  await globalThis.__IPVI_TEST_PG__?.stop(); // also removes its folder
}
