/** Verifies the hub's audit trails: each subgraph's audit_event table and the gateway's file. */
import { Client } from 'pg';
import { SERVICE_NAMES, type HubConfig, type ServiceName } from '../config';
import { serviceDatabaseUrl } from '../server/databases';
import type { ChainReport } from './chain';
import { verifyAuditFile } from './file-trail';
import { verifyAuditTable } from './store';

export type TrailName = ServiceName | 'gateway';
export const TRAIL_NAMES: readonly TrailName[] = [...SERVICE_NAMES, 'gateway'];

export interface TrailReport extends ChainReport {
  readonly trail: TrailName;
  /** Where the trail lives (database name or file). */
  readonly location: string;
}

async function verifyTable(url: string): Promise<ChainReport> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    const [exists] = (await client.query(`SELECT to_regclass('audit_event') IS NOT NULL AS ok`)).rows as { ok: boolean }[];
    if (!exists?.ok) return { checked: 0, problems: ['no audit_event table (was the service ever started on this database?)'], head: undefined };
    return await verifyAuditTable(async (sql, params) => (await client.query(sql, params)).rows);
  } finally {
    await client.end();
  }
}

/** Verifies the named trails; `serverUrl` is the embedded server for services without a configured URL. */
export async function verifyTrails(config: HubConfig, trails: readonly TrailName[], serverUrl: string | undefined): Promise<TrailReport[]> {
  const reports: TrailReport[] = [];
  for (const trail of trails) {
    if (trail === 'gateway') {
      reports.push({ trail, location: config.gatewayAuditFile, ...(await verifyAuditFile(config.gatewayAuditFile)) });
      continue;
    }
    const url = serviceDatabaseUrl(config, trail, serverUrl);
    const location = `database ${new URL(url).pathname.slice(1)}`;
    try {
      reports.push({ trail, location, ...(await verifyTable(url)) });
    } catch (e) {
      reports.push({ trail, location, checked: 0, problems: [`cannot read the trail: ${(e as Error).message}`], head: undefined });
    }
  }
  return reports;
}
