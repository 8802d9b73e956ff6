/**
 * `npm run keys`: generates the production key set and says what goes where. The gateway signs
 * internal identities with its private key and every subgraph verifies them with its public half;
 * each feed-consuming service signs its service principal's tokens with its own key, whose public
 * half the gateway must trust (AUTH_PUBLIC_JWKS, next to the identity provider's AUTH_JWKS_URL).
 */
import fs from 'node:fs';
import path from 'node:path';
import type { JWK } from 'jose';
// The key module alone, not the package index (which loads the whole hub): `npm run keys` starts in a fraction of a second.
import { generateKeyPairJwk, type KeyPairJwk } from '@ipvi/core/src/identity/keys';

const HELP = `Usage: npm run -s keys [-- --out DIR] [--test-idp]

Generates the hub's production keys:
  INTERNAL_SIGNING_JWK          gateway only: signs the internal identity it sends to subgraphs
  INTERNAL_VERIFY_JWK           every subgraph: its public half
  TIERING_SERVICE_JWK           tiering only: signs its feed reader's service token
  VICTIM_SERVICES_SERVICE_JWK   victim-services only: the same for its feed readers
  AUTH_PUBLIC_JWKS              gateway: the public keys of those service principals (keep
                                AUTH_JWKS_URL for the partnership's identity provider as well)
  --out DIR     write DIR/gateway.env, DIR/incidents.env, DIR/tiering.env, DIR/victim-services.env
                (mode 0600) and print only where each goes; without it, print the env blocks
  --test-idp    also make a stand-in identity provider key (staging only: its public key joins
                AUTH_PUBLIC_JWKS, its private key goes to DIR/test-idp.env to sign test tokens)
`;

type Part = 'gateway' | 'incidents' | 'tiering' | 'victim-services' | 'test-idp';

function envLine(key: string, value: unknown): string {
  return `${key}='${JSON.stringify(value)}'`;
}

export async function generateProductionKeys(opts: { testIdp: boolean; stamp?: string }): Promise<Record<Part, string[]>> {
  const stamp = opts.stamp ?? new Date().toISOString().slice(0, 10).replace(/-/g, '');
  const internal = await generateKeyPairJwk(`ipvi-internal-${stamp}`);
  const tiering = await generateKeyPairJwk(`ipvi-svc-tiering-${stamp}`);
  const victims = await generateKeyPairJwk(`ipvi-svc-victim-services-${stamp}`);
  const idp: KeyPairJwk | undefined = opts.testIdp ? await generateKeyPairJwk(`ipvi-test-idp-${stamp}`) : undefined;
  const trusted: JWK[] = [tiering.publicJwk, victims.publicJwk, ...(idp ? [idp.publicJwk] : [])];
  const verify = envLine('INTERNAL_VERIFY_JWK', internal.publicJwk);
  return {
    gateway: [envLine('INTERNAL_SIGNING_JWK', internal.privateJwk), verify, envLine('AUTH_PUBLIC_JWKS', { keys: trusted })],
    incidents: [verify],
    tiering: [verify, envLine('TIERING_SERVICE_JWK', tiering.privateJwk)],
    'victim-services': [verify, envLine('VICTIM_SERVICES_SERVICE_JWK', victims.privateJwk)],
    'test-idp': idp ? [envLine('TEST_IDP_PRIVATE_JWK', idp.privateJwk)] : [],
  };
}

/** Reads a file written by `keys --out` into variables (KEY='json' lines). */
export function readEnvFile(file: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of fs.readFileSync(file, 'utf8').split('\n')) {
    const m = /^([A-Z0-9_]+)='(.*)'$/.exec(line.trim());
    if (m) out[m[1]!] = m[2]!;
  }
  return out;
}

async function main(argv: string[]): Promise<void> {
  if (argv.includes('--help') || argv.includes('-h')) return void process.stdout.write(HELP);
  const outIndex = argv.indexOf('--out');
  const out = outIndex >= 0 ? argv[outIndex + 1] : undefined;
  if (outIndex >= 0 && !out) {
    process.stderr.write('keys: --out needs a folder\n');
    process.exit(2);
  }
  const parts = await generateProductionKeys({ testIdp: argv.includes('--test-idp') });
  const entries = Object.entries(parts).filter(([, lines]) => lines.length) as [Part, string[]][];
  if (!out) {
    process.stderr.write("keys: private keys follow; put each block only into that process's environment (or use --out DIR)\n");
    for (const [part, lines] of entries) process.stdout.write(`# ${part}\n${lines.join('\n')}\n\n`);
    return;
  }
  fs.mkdirSync(out, { recursive: true, mode: 0o700 });
  fs.chmodSync(out, 0o700);
  for (const [part, lines] of entries) {
    const file = path.join(out, `${part}.env`);
    fs.writeFileSync(file, `${lines.join('\n')}\n`, { mode: 0o600 });
    fs.chmodSync(file, 0o600);
  }
  const names = (part: Part) => parts[part].map((l) => l.slice(0, l.indexOf('='))).join(', ');
  process.stdout.write(`Wrote the production key set to ${path.resolve(out)} (mode 0600):

  gateway.env          -> the gateway process: ${names('gateway')}
  incidents.env        -> the incidents subgraph: ${names('incidents')}
  tiering.env          -> the tiering subgraph: ${names('tiering')}
  victim-services.env  -> the victim-services subgraph: ${names('victim-services')}
${parts['test-idp'].length ? '  test-idp.env         -> nowhere in production: signs test tokens for staging (its public key is in AUTH_PUBLIC_JWKS)\n' : ''}
The gateway also needs AUTH_JWKS_URL (the partnership's identity provider) unless AUTH_PUBLIC_JWKS is all it trusts.
Start four processes with them: npm run start:multi -- --keys ${out}   (or load each file into that process's environment)
`);
}

if (require.main === module) void main(process.argv.slice(2));
