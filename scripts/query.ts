/**
 * `npm run -s query -- ROLE 'DOCUMENT' [VARIABLES_JSON] [--agency AGENCY]`: sends a GraphQL document
 * to the local gateway with a demo token for the role and prints the JSON answer (development only).
 */
import { ConfigError, DEMO_ADVOCACY_AGENCY, DEMO_POLICE_ORI, DEMO_PROVIDER_AGENCY, ROLES, isRole, loadConfig, mintDemoToken } from '@ipvi/core';

const HELP = `Usage: npm run -s query -- ROLE 'DOCUMENT' [VARIABLES_JSON] [--agency AGENCY]

Sends DOCUMENT to the running hub's gateway as ROLE (a demo token, as npm run token makes) and prints the answer.
  ROLE       one of ${ROLES.join(', ')}
  --agency   police ORI, advocacy or provider id (default ${DEMO_POLICE_ORI}; ${DEMO_ADVOCACY_AGENCY} for advocate roles, ${DEMO_PROVIDER_AGENCY} for SERVICE_PROVIDER)
Example: npm run -s query -- OFFICER '{ offenders(first: 3) { edges { node { name tier { level } } } } }'
`;

async function main(argv: string[]): Promise<number> {
  if (argv.includes('--help') || argv.includes('-h') || argv.length < 2) return (process.stdout.write(HELP), argv.length < 2 ? 2 : 0);
  const i = argv.indexOf('--agency');
  const agencyArg = i >= 0 ? argv.splice(i, 2)[1] : undefined;
  const [role, document, vars] = argv;
  if (!isRole(role)) return (process.stderr.write(`query: ROLE must be one of ${ROLES.join(', ')}\n`), 2);
  let config;
  try {
    config = loadConfig();
  } catch (e) {
    return (process.stderr.write(`${e instanceof ConfigError ? e.message : String(e)}\n`), 2);
  }
  if (config.mode === 'production') return (process.stderr.write('query: demo tokens are refused in production mode\n'), 2);
  let variables: unknown;
  try {
    variables = vars ? JSON.parse(vars) : undefined;
  } catch {
    return (process.stderr.write('query: VARIABLES_JSON is not valid JSON\n'), 2);
  }
  const token = await mintDemoToken(config, { role, agency: agencyArg, ttlSeconds: 300 });
  const res = await fetch(config.gatewayUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query: document, variables }),
  }).catch((e: unknown) => e as Error);
  if (res instanceof Error) return (process.stderr.write(`query: the gateway at ${config.gatewayUrl} does not answer (is npm start running?)\n`), 1);
  process.stdout.write(`${JSON.stringify(await res.json(), null, 2)}\n`);
  return res.ok ? 0 : 1;
}

void main(process.argv.slice(2)).then((code) => process.exit(code));
