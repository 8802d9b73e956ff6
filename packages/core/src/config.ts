/**
 * Configuration: read once from the environment, validated, frozen. Nothing else in the hub reads
 * process.env. Defaults serve the demo; production refuses to start without real keys.
 */
import path from 'node:path';

export const SERVICE_NAMES = ['incidents', 'tiering', 'victim-services'] as const;
export type ServiceName = (typeof SERVICE_NAMES)[number];

export type HubMode = 'development' | 'test' | 'production';

export interface ServiceConfig {
  readonly name: ServiceName;
  /** Port the subgraph listens on (0 = any free port). */
  readonly port: number;
  /** Public URL of the subgraph's GraphQL endpoint, as the gateway reaches it. */
  readonly url: string;
  /** Connection URL of this subgraph's own database; undefined = the embedded server. */
  readonly databaseUrl: string | undefined;
  /** Database name used on the embedded server (or on DATABASE_URL's server). */
  readonly databaseName: string;
  /** Private JWK this service signs its service-principal tokens with (production); dev uses the demo identity provider. */
  readonly serviceJwk: string | undefined;
}

export interface HubConfig {
  readonly mode: HubMode;
  readonly host: string;
  readonly gatewayPort: number;
  /** Where services reach the gateway (feed consumers pull through it with their service identity). */
  readonly gatewayUrl: string;
  /** How often feed consumers poll for new events, milliseconds. */
  readonly feedPollMs: number;
  /**
   * Connections each subgraph's pool keeps to its database at most (DB_POOL_SIZE, default 10; 1 or more). Each one is a
   * PostgreSQL backend process: size it to the server's max_connections shared by every subgraph process.
   */
  readonly dbPoolSize: number;
  readonly services: Readonly<Record<ServiceName, ServiceConfig>>;
  /** Folder for local state (embedded PostgreSQL data, development keys). Git-ignored. */
  readonly stateDir: string;
  /** The gateway's hash-chained audit file of authentication failures (JSON lines). */
  readonly gatewayAuditFile: string;
  readonly embeddedPgPort: number;
  readonly auth: {
    readonly issuer: string;
    readonly audience: string;
    readonly algorithms: readonly string[];
    /** A JWKS URL of the partnership's identity provider (production). */
    readonly jwksUrl: string | undefined;
    /** Public keys as a JSON Web Key Set document (alternative to jwksUrl). */
    readonly publicJwks: string | undefined;
  };
  readonly internal: {
    readonly issuer: string;
    /** Gateway's private signing key for internal identities (JWK JSON). */
    readonly signingJwk: string | undefined;
    /** Public key subgraphs trust for internal identities (JWK JSON). */
    readonly verifyJwk: string | undefined;
    /** Lifetime of an internal identity token, seconds. */
    readonly ttlSeconds: number;
  };
  /** Partnership wiring: which police agencies each advocacy agency serves, and which agencies may see each other's incidents. */
  readonly partnership: {
    /** Partner police agencies (ORIs, upper case). */
    readonly policeAgencies: readonly string[];
    /** Advocacy agency id (upper case) -> the police agencies it serves. */
    readonly advocacyAgencies: Readonly<Record<string, readonly string[]>>;
    /**
     * Offender-service provider ids (upper case): batterer-intervention, treatment, employment programs
     * the offer of help refers to (PROVIDER_AGENCIES). A SERVICE_PROVIDER's token names one of them.
     */
    readonly providerAgencies: readonly string[];
    readonly sharedPoliceAgencies: readonly (readonly string[])[];
    /**
     * Agencies whose coordinators act partnership-wide (an IPVI coordinating team): they review
     * "possible same person" candidates of any agency and may act on any agency's notifications.
     * Each must also be a configured police agency. Empty by default.
     */
    readonly coordinationAgencies: readonly string[];
    /** What partner police agencies share of a person linked across them (the sharing agreement). */
    readonly sharing: SharingAgreement;
  };
  /** Timeouts, milliseconds: one subgraph fetch at the gateway, one SQL statement, one database connect, and the drain on SIGTERM. */
  readonly timeouts: { readonly subgraphMs: number; readonly statementMs: number; readonly connectMs: number; readonly shutdownMs: number };
  /** Site rules of victim services (VAWA consent). The victim-first waiting window is tier policy data (tiering's clearanceWaitHours). */
  readonly victimServices: {
    /** Longest a victim's consent to release may run, in days (CONSENT_MAX_DAYS, default 365). */
    readonly consentMaxDays: number;
  };
  /** Analysts' aggregates: a count of 1..threshold-1 is suppressed (SUPPRESSION_THRESHOLD, default 11; docs/measures.md). */
  readonly analytics: { readonly threshold: number };
  readonly logLevel: 'debug' | 'info' | 'warn' | 'error' | 'silent';
}

/**
 * The partnership's sharing agreement between police agencies, for a person linked across them. The
 * default (domain.md, "Several agencies"): the tier level, the tier history and pending notifications
 * are shared; another agency's RMS numbers, narratives and charges are not. A site may widen it
 * (PARTNERSHIP_SHARING), never by default.
 */
export interface SharingAgreement {
  /** The person's current tier level. */
  readonly tierLevel: boolean;
  /** The person's tier history (levels, rules, dates; explanations name other agencies' incidents only as the agreement allows). */
  readonly tierHistory: boolean;
  /** Pending notifications owned by another agency (type, due time, clearance state). */
  readonly notifications: boolean;
  /** Another agency's incident identifiers (RMS numbers, incident ids) in explanations and lists. */
  readonly rmsNumbers: boolean;
  /** Another agency's charges (statutes, descriptions). */
  readonly charges: boolean;
  /** Another agency's narratives. */
  readonly narratives: boolean;
}

export const SHARING_ITEMS = ['TIER_LEVEL', 'TIER_HISTORY', 'NOTIFICATIONS', 'RMS_NUMBERS', 'CHARGES', 'NARRATIVES'] as const;
export const DEFAULT_SHARING: SharingAgreement = Object.freeze({
  tierLevel: true,
  tierHistory: true,
  notifications: true,
  rmsNumbers: false,
  charges: false,
  narratives: false,
});

/** An agency id as the hub stores and compares it: trimmed, upper case (ORIs and advocacy ids alike). */
export function normalizeAgency(raw: string): string {
  return raw.trim().toUpperCase();
}

export type AgencyKind = 'police' | 'advocacy' | 'provider';

/** The kind of a configured agency (after normalizing), or undefined when the partnership does not know it. */
export function agencyKind(config: HubConfig, raw: string): AgencyKind | undefined {
  const id = normalizeAgency(raw);
  if (config.partnership.policeAgencies.includes(id)) return 'police';
  if (Object.prototype.hasOwnProperty.call(config.partnership.advocacyAgencies, id)) return 'advocacy';
  if (config.partnership.providerAgencies.includes(id)) return 'provider';
  return undefined;
}

/** Whether a principal acts as a partnership-wide coordinator (a COORDINATOR of a configured coordination agency). */
export function isPartnershipCoordinator(config: HubConfig, principal: { roles: readonly string[]; agency: string }): boolean {
  return principal.roles.includes('COORDINATOR') && config.partnership.coordinationAgencies.includes(normalizeAgency(principal.agency));
}

function parseSharing(raw: string | undefined, problems: string[]): SharingAgreement {
  if (raw === undefined || raw.trim() === '') return DEFAULT_SHARING;
  const items = raw
    .split(',')
    .map((s) => s.trim().toUpperCase())
    .filter(Boolean);
  const unknown = items.filter((i) => !(SHARING_ITEMS as readonly string[]).includes(i));
  if (unknown.length) problems.push(`PARTNERSHIP_SHARING may only list ${SHARING_ITEMS.join(', ')} (got ${unknown.length} unknown item(s))`);
  const has = (i: (typeof SHARING_ITEMS)[number]) => items.includes(i);
  return Object.freeze({
    tierLevel: has('TIER_LEVEL'),
    tierHistory: has('TIER_HISTORY'),
    notifications: has('NOTIFICATIONS'),
    rmsNumbers: has('RMS_NUMBERS'),
    charges: has('CHARGES'),
    narratives: has('NARRATIVES'),
  });
}

/**
 * The hub never phones home. Unless APOLLO_TELEMETRY_DISABLED is set, @apollo/gateway's constructor probes
 * the cloud metadata services (its AWS, GCP, Azure and Alibaba resource detectors: 169.254.169.254,
 * 100.100.100.200, metadata.google.internal) and exports usage metrics to usage-reporting.api.apollographql.com
 * (hourly, and when it stops). This switch is set in every process of the hub (the gateway runtime sets it
 * before it builds the gateway; child processes inherit it through processEnvironment). Apollo Server's
 * usage and schema reporting (APOLLO_KEY with a graph ref, APOLLO_SCHEMA_REPORTING) are off by the plugins
 * every server of the hub installs (server/plugins.ts: noApolloReporting), whatever the environment says.
 */
export const APOLLO_TELEMETRY_OFF: Readonly<Record<string, string>> = Object.freeze({ APOLLO_TELEMETRY_DISABLED: 'true' });

/** Turns Apollo's own telemetry off in this process (see APOLLO_TELEMETRY_OFF); call before an ApolloGateway is built. */
export function disableApolloTelemetry(): void {
  Object.assign(process.env, APOLLO_TELEMETRY_OFF);
}

/** The process environment, to hand on to a child process of the hub (the config module is the one reader of process.env), Apollo's telemetry off. */
export function processEnvironment(): NodeJS.ProcessEnv {
  return { ...process.env, ...APOLLO_TELEMETRY_OFF };
}

/** The environment for PostgreSQL's own programs: the process environment without the hub's keys and database URLs, messages in C. */
export function postgresEnvironment(): NodeJS.ProcessEnv {
  const env = processEnvironment();
  for (const key of Object.keys(env)) if (/(_JWK|_JWKS|DATABASE_URL)$/.test(key)) delete env[key];
  return { ...env, LC_MESSAGES: 'C' };
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n  - ${problems.join('\n  - ')}`);
  }
}

type Env = Readonly<Record<string, string | undefined>>;

const DEFAULT_PORTS: Record<ServiceName, number> = { incidents: 4001, tiering: 4002, 'victim-services': 4003 };
export const DEMO_POLICE_ORI = 'NC0410200';
export const DEMO_ADVOCACY_AGENCY = 'ADV-FSP-01';
/** The demo's offender-services provider (a batterer-intervention program). */
export const DEMO_PROVIDER_AGENCY = 'BIP-DEMO-01';

function envKey(name: ServiceName): string {
  return name.toUpperCase().replace(/-/g, '_');
}

function int(env: Env, key: string, fallback: number, problems: string[]): number {
  const raw = env[key];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0 || n > 65535) {
    problems.push(`${key} must be an integer between 0 and 65535 (got "${raw}")`);
    return fallback;
  }
  return n;
}

function url(env: Env, key: string, problems: string[]): string | undefined {
  const raw = env[key];
  if (!raw) return undefined;
  try {
    new URL(raw);
    return raw;
  } catch {
    problems.push(`${key} is not a valid URL`);
    return undefined;
  }
}

/** Database URL for one service: its own variable, else DATABASE_URL's server with the service's database name. */
function databaseUrlFor(env: Env, name: ServiceName, dbName: string, problems: string[]): string | undefined {
  const own = url(env, `${envKey(name)}_DATABASE_URL`, problems);
  if (own) return own;
  const shared = url(env, 'DATABASE_URL', problems);
  if (!shared) return undefined;
  const u = new URL(shared);
  u.pathname = `/${dbName}`;
  return u.toString();
}

function parseAdvocacy(raw: string | undefined, problems: string[]): Record<string, string[]> {
  // Format: "ADV-1=ORI1+ORI2;ADV-2=ORI3"
  if (!raw) return { [DEMO_ADVOCACY_AGENCY]: [DEMO_POLICE_ORI] };
  const out: Record<string, string[]> = {};
  for (const part of raw.split(';').filter(Boolean)) {
    const [adv, oris] = part.split('=');
    if (!adv || !oris) {
      problems.push('ADVOCACY_AGENCIES must look like "ADV-1=ORI1+ORI2;ADV-2=ORI3"');
      continue;
    }
    out[normalizeAgency(adv)] = oris.split('+').map(normalizeAgency).filter(Boolean);
  }
  return out;
}

export function loadConfig(env: Env = process.env): HubConfig {
  const problems: string[] = [];
  const modeRaw = env.HUB_ENV ?? (env.NODE_ENV === 'production' ? 'production' : env.NODE_ENV === 'test' ? 'test' : 'development');
  if (!['development', 'test', 'production'].includes(modeRaw)) problems.push(`HUB_ENV must be development, test or production (got "${modeRaw}")`);
  const mode = modeRaw as HubMode;
  const host = env.HOST ?? '127.0.0.1';
  const services = {} as Record<ServiceName, ServiceConfig>;
  for (const name of SERVICE_NAMES) {
    const key = envKey(name);
    const port = int(env, `${key}_PORT`, DEFAULT_PORTS[name], problems);
    const databaseName = env[`${key}_DATABASE_NAME`] ?? name.replace(/-/g, '_');
    services[name] = Object.freeze({
      name,
      port,
      url: url(env, `${key}_URL`, problems) ?? `http://${host}:${port}/graphql`,
      databaseUrl: databaseUrlFor(env, name, databaseName, problems),
      databaseName,
      serviceJwk: env[`${key}_SERVICE_JWK`],
    });
  }
  // The checkout's .hub (not the working folder: `npm start -w NAME` runs in the workspace's folder, and every part must share the dev keys).
  const stateDir = path.resolve(env.HUB_STATE_DIR ?? path.join(__dirname, '..', '..', '..', '.hub'));
  const policeAgencies = (env.POLICE_AGENCIES ?? DEMO_POLICE_ORI).split(',').map(normalizeAgency).filter(Boolean);
  const advocacyAgencies = parseAdvocacy(env.ADVOCACY_AGENCIES, problems);
  const coordinationAgencies = (env.COORDINATION_AGENCIES ?? '').split(',').map(normalizeAgency).filter(Boolean);
  const providerAgencies = (env.PROVIDER_AGENCIES ?? DEMO_PROVIDER_AGENCY).split(',').map(normalizeAgency).filter(Boolean);
  const config: HubConfig = {
    mode,
    host,
    gatewayPort: int(env, 'PORT', 4000, problems),
    gatewayUrl: url(env, 'GATEWAY_URL', problems) ?? `http://${host}:${int(env, 'PORT', 4000, problems)}/graphql`,
    feedPollMs: int(env, 'FEED_POLL_MS', 250, problems),
    dbPoolSize: int(env, 'DB_POOL_SIZE', 10, problems),
    services: Object.freeze(services),
    stateDir,
    gatewayAuditFile: path.resolve(env.GATEWAY_AUDIT_FILE ?? path.join(stateDir, 'audit', 'gateway.jsonl')),
    embeddedPgPort: int(env, 'EMBEDDED_PG_PORT', 54329, problems),
    auth: Object.freeze({
      issuer: env.AUTH_ISSUER ?? 'https://idp.ipvi-hub.local',
      audience: env.AUTH_AUDIENCE ?? 'ipvi-hub',
      algorithms: Object.freeze((env.AUTH_ALGORITHMS ?? 'ES256').split(',').map((s) => s.trim())),
      jwksUrl: url(env, 'AUTH_JWKS_URL', problems),
      publicJwks: env.AUTH_PUBLIC_JWKS,
    }),
    internal: Object.freeze({
      issuer: 'ipvi-gateway',
      signingJwk: env.INTERNAL_SIGNING_JWK,
      verifyJwk: env.INTERNAL_VERIFY_JWK,
      ttlSeconds: int(env, 'INTERNAL_TOKEN_TTL', 300, problems),
    }),
    partnership: Object.freeze({
      policeAgencies: Object.freeze(policeAgencies),
      advocacyAgencies: Object.freeze(advocacyAgencies),
      providerAgencies: Object.freeze(providerAgencies),
      sharedPoliceAgencies: Object.freeze(
        (env.SHARED_POLICE_AGENCIES ?? '')
          .split(';')
          .filter(Boolean)
          .map((g) => Object.freeze(g.split('+').map(normalizeAgency))),
      ),
      coordinationAgencies: Object.freeze(coordinationAgencies),
      sharing: parseSharing(env.PARTNERSHIP_SHARING, problems),
    }),
    timeouts: Object.freeze({
      subgraphMs: int(env, 'SUBGRAPH_TIMEOUT_MS', 15_000, problems),
      statementMs: int(env, 'DB_STATEMENT_TIMEOUT_MS', 30_000, problems),
      connectMs: int(env, 'DB_CONNECT_TIMEOUT_MS', 5_000, problems),
      shutdownMs: int(env, 'SHUTDOWN_GRACE_MS', 10_000, problems),
    }),
    victimServices: Object.freeze({
      consentMaxDays: int(env, 'CONSENT_MAX_DAYS', 365, problems),
    }),
    analytics: Object.freeze({ threshold: int(env, 'SUPPRESSION_THRESHOLD', 11, problems) }),
    logLevel: (env.LOG_LEVEL as HubConfig['logLevel']) ?? (mode === 'test' ? 'warn' : 'info'),
  };
  for (const alg of config.auth.algorithms) {
    if (!/^(ES256|ES384|RS256|RS384|RS512|PS256|EdDSA)$/.test(alg)) problems.push(`AUTH_ALGORITHMS may only list asymmetric algorithms (got "${alg}")`);
  }
  for (const [adv, oris] of Object.entries(advocacyAgencies)) {
    if (policeAgencies.includes(adv)) problems.push(`ADVOCACY_AGENCIES: ${adv} is also a police agency; an agency is on one side of the VAWA line only`);
    for (const ori of oris) if (!policeAgencies.includes(ori)) problems.push(`ADVOCACY_AGENCIES: ${adv} serves ${ori}, which is not in POLICE_AGENCIES`);
  }
  for (const a of providerAgencies) {
    if (!/^[A-Z0-9][A-Z0-9-]{1,39}$/.test(a)) problems.push('PROVIDER_AGENCIES must list ids of 2 to 40 letters, digits and hyphens, separated by commas');
    else if (policeAgencies.includes(a) || Object.prototype.hasOwnProperty.call(advocacyAgencies, a))
      problems.push(`PROVIDER_AGENCIES: ${a} is also a police or advocacy agency; an agency has one kind only`);
  }
  if (new Set(providerAgencies).size !== providerAgencies.length) problems.push('PROVIDER_AGENCIES names an agency twice');
  for (const a of coordinationAgencies) if (!policeAgencies.includes(a)) problems.push(`COORDINATION_AGENCIES: ${a} is not in POLICE_AGENCIES`);
  for (const g of config.partnership.sharedPoliceAgencies)
    for (const a of g) if (!policeAgencies.includes(a)) problems.push(`SHARED_POLICE_AGENCIES: ${a} is not in POLICE_AGENCIES`);
  if (config.analytics.threshold < 2) problems.push('SUPPRESSION_THRESHOLD must be at least 2');
  if (config.dbPoolSize < 1) problems.push('DB_POOL_SIZE must be at least 1');
  if (config.victimServices.consentMaxDays < 1) problems.push('CONSENT_MAX_DAYS must be at least 1');
  if (env.NOTIFICATION_CLEARANCE_HOURS !== undefined) {
    problems.push(
      "NOTIFICATION_CLEARANCE_HOURS is no longer read: the victim-first waiting window is the tier policy's clearanceWaitHours (publishTierPolicy)",
    );
  }
  if (!['debug', 'info', 'warn', 'error', 'silent'].includes(config.logLevel)) problems.push('LOG_LEVEL must be debug, info, warn, error or silent');
  for (const key of ['INTERNAL_SIGNING_JWK', 'INTERNAL_VERIFY_JWK', 'AUTH_PUBLIC_JWKS', ...SERVICE_NAMES.map((n) => `${envKey(n)}_SERVICE_JWK`)]) {
    const raw = env[key];
    if (raw === undefined || raw === '') continue;
    try {
      if (typeof JSON.parse(raw) !== 'object') throw new Error();
    } catch {
      problems.push(`${key} is not a JSON key (run \`npm run keys\`)`);
    }
  }
  // What each production process needs (keys, its database) depends on the part it runs: missingProductionKeys (identity/required-keys.ts), checked by every entry point.
  if (problems.length) throw new ConfigError(problems);
  return Object.freeze(config);
}
