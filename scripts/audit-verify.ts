/**
 * `npm run audit:verify [-- --service NAME]`: walks the hash chains of the audit trails (each
 * subgraph's audit_event table and the gateway's authentication-failure file) and names every broken
 * event. Uses the configured database URLs, else the embedded server (attached to when `npm start`
 * runs it). Exit 0: intact; 1: a chain is broken or unreadable; 2: bad arguments or configuration.
 */
// The core's modules themselves, not its package index (which loads the whole hub): a run costs about 0.9 s of CPU, not 2.3 s.
import { TRAIL_NAMES, verifyTrails, type TrailName } from '@ipvi/core/src/audit/verify';
import { ConfigError, loadConfig, type ServiceName } from '@ipvi/core/src/config';
import { createLogger } from '@ipvi/core/src/logger';
import { PROCESS_OUTPUT, type CliOutput } from '@ipvi/core/src/server/cli-output';
import { embeddedServerForTools } from '@ipvi/core/src/server/databases';

const HELP = `Usage: npm run audit:verify [-- --service NAME]

Verifies the tamper-evident audit trails: every event's hash matches its contents, every event is
linked to the one before it, and no event is missing.
  --service NAME   only this trail: ${TRAIL_NAMES.join(' | ')} (default: all)

Databases come from INCIDENTS_DATABASE_URL, TIERING_DATABASE_URL, VICTIM_SERVICES_DATABASE_URL or
DATABASE_URL, else the embedded PostgreSQL under HUB_STATE_DIR (as npm start uses it). The gateway's
trail is GATEWAY_AUDIT_FILE (default <HUB_STATE_DIR>/audit/gateway.jsonl).
Exit status: 0 intact, 1 broken or unreadable (each broken event is named), 2 usage or configuration.
`;

/** A usage or configuration error: exit status 2. */
class UsageError extends Error {}

function fail(message: string): never {
  throw new UsageError(message);
}

function trailsOf(argv: string[]): TrailName[] {
  const i = argv.indexOf('--service');
  if (i < 0) return [...TRAIL_NAMES];
  const name = argv[i + 1];
  if (!TRAIL_NAMES.includes(name as TrailName)) fail(`--service must be one of ${TRAIL_NAMES.join(', ')}\n\n${HELP}`);
  return [name as TrailName];
}

/** Runs the command; resolves with its exit status (0 intact, 1 broken or unreadable, 2 usage or configuration). */
/** `env` replaces the process environment (read by the config module) for this run, e.g. a test's hub settings. */
export async function auditVerify(argv: string[], out: CliOutput = PROCESS_OUTPUT, env?: NodeJS.ProcessEnv): Promise<number> {
  try {
    return await verify(argv, out, env);
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    out.stderr(`audit:verify: ${e.message}\n`);
    return 2;
  }
}

async function verify(argv: string[], out: CliOutput, env: NodeJS.ProcessEnv | undefined): Promise<number> {
  if (argv.includes('--help') || argv.includes('-h')) return (out.stdout(HELP), 0);
  const unknown = argv.filter((a, i) => a.startsWith('-') && a !== '--service' && argv[i - 1] !== '--service');
  if (unknown.length) fail(`unknown option ${unknown[0]}\n\n${HELP}`);
  const trails = trailsOf(argv);
  let config;
  try {
    config = loadConfig(env); // undefined: the process environment
  } catch (e) {
    fail(e instanceof ConfigError ? e.message : String(e));
  }
  const log = createLogger(config.logLevel === 'debug' ? 'debug' : 'warn');
  const services = trails.filter((t): t is ServiceName => t !== 'gateway');
  const embedded = services.length ? await embeddedServerForTools(config, services, log) : undefined;
  let broken = false;
  try {
    for (const r of await verifyTrails(config, trails, embedded?.url)) {
      if (r.problems.length === 0) {
        const head = r.head ? `; head event ${r.head.seq} ${r.head.hash}` : '';
        out.stdout(`${r.trail}: intact, ${r.checked} events (${r.location}${head})\n`);
        continue;
      }
      broken = true;
      out.stdout(`${r.trail}: BROKEN, ${r.problems.length} problem(s) in ${r.checked} events (${r.location})\n`);
      for (const p of r.problems) out.stdout(`  - ${p}\n`);
    }
  } finally {
    await embedded?.stop();
  }
  return broken ? 1 : 0;
}

if (require.main === module) void auditVerify(process.argv.slice(2)).then((code) => process.exit(code));
