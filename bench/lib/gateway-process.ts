/**
 * Our gateway in its own process, for the benchmark's multi-process layout: what `npm start -w
 * gateway` runs (gateway/src/main.ts), on a free port, with the limits given as JSON in argv[2]
 * (the benchmark raises the per-subject rate limit). Configured from the environment like main.ts
 * (INCIDENTS_URL, TIERING_URL, VICTIM_SERVICES_URL, HUB_STATE_DIR, HUB_ENV). Prints its URL as one
 * JSON line; SIGTERM stops it. With argv[3] (a file name) it records a CPU profile (V8's, as
 * node --cpu-prof would) from the moment it listens until SIGTERM, so start-up is not in it.
 */
import fs from 'node:fs';
import { Session } from 'node:inspector/promises';
import { clientVerifierFor, createLogger, internalSignerFor, loadConfig, processEnvironment } from '@ipvi/core';
import { startGateway, type QueryLimits } from '@ipvi/gateway';

async function main(): Promise<void> {
  const limits = JSON.parse(process.argv[2] ?? '{}') as Partial<QueryLimits>;
  const config = loadConfig(processEnvironment());
  const log = createLogger(config.logLevel, { service: 'gateway' });
  const gateway = await startGateway({ config, log, clientVerifier: await clientVerifierFor(config), signer: await internalSignerFor(config), limits }, 0);
  const profileFile = process.argv[3];
  const session = profileFile ? new Session() : undefined;
  if (session) {
    session.connect();
    await session.post('Profiler.enable');
    await session.post('Profiler.start');
  }
  process.on('SIGTERM', () => {
    void (async () => {
      if (session && profileFile) fs.writeFileSync(profileFile, JSON.stringify((await session.post('Profiler.stop')).profile));
      await gateway.close(2000);
      process.exit(0);
    })();
  });
  process.stdout.write(`${JSON.stringify({ url: gateway.url })}\n`);
}

void main();
