/** `npm run token -- --role ROLE [--agency ORI] [--sub ID] [--ttl SECONDS]`: prints a demo JWT and nothing else. */
import { ConfigError, DEMO_ADVOCACY_AGENCY, DEMO_POLICE_ORI, DEMO_PROVIDER_AGENCY, ROLES, isRole, loadConfig, mintDemoToken } from '@ipvi/core';

const HELP = `Usage: npm run -s token -- --role ROLE [--agency AGENCY] [--sub SUBJECT] [--ttl SECONDS]

Prints a demo JWT signed by the hub's local development identity provider (refused in production).
  --role     one of ${ROLES.join(', ')}
  --agency   police ORI, advocacy or provider id (default ${DEMO_POLICE_ORI}; ${DEMO_ADVOCACY_AGENCY} for advocate roles, ${DEMO_PROVIDER_AGENCY} for SERVICE_PROVIDER)
  --sub      subject id (default demo-<role>)
  --ttl      lifetime in seconds (default 8 hours)
`;

function arg(argv: string[], name: string): string | undefined {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 ? argv[i + 1] : undefined;
}

async function main(argv: string[]): Promise<void> {
  if (argv.includes('--help') || argv.includes('-h')) return void process.stdout.write(HELP);
  let config;
  try {
    config = loadConfig();
  } catch (e) {
    process.stderr.write(`${e instanceof ConfigError ? e.message : String(e)}\n`);
    process.exit(2);
  }
  if (config.mode === 'production') {
    process.stderr.write('token: refusing to mint demo tokens in production mode\n');
    process.exit(2);
  }
  const role = arg(argv, 'role');
  if (!isRole(role)) {
    process.stderr.write(`token: --role must be one of ${ROLES.join(', ')}\n\n${HELP}`);
    process.exit(2);
  }
  const ttl = arg(argv, 'ttl');
  const token = await mintDemoToken(config, { role, agency: arg(argv, 'agency'), sub: arg(argv, 'sub'), ttlSeconds: ttl ? Number(ttl) : undefined });
  process.stdout.write(`${token}\n`);
}

void main(process.argv.slice(2));
