/** Protective orders as the graph reads them: every query carries the caller's row scope. */
import type { DataSource } from 'typeorm';
import type { HubConfig, Principal } from '@ipvi/core';
import type { OrderType } from '../nibrs';
import { isUuid, orderScopeSql, Params } from './scope';

export interface ProtectiveOrderRow {
  id: string;
  agency_ori: string;
  order_number: string;
  order_type: OrderType;
  court: string | null;
  issued_on: string;
  expires_on: string | null;
  restrained_offender_id: string;
  protected_party_name: string;
  protected_party_dob: string | null;
  version: number;
}

const COLUMNS = `po.id, po.agency_ori, po.order_number, po.order_type, po.court, to_char(po.issued_on, 'YYYY-MM-DD') AS issued_on,
  to_char(po.expires_on, 'YYYY-MM-DD') AS expires_on, po.restrained_offender_id, po.protected_party_name, to_char(po.protected_party_dob, 'YYYY-MM-DD') AS protected_party_dob, po.version`;

export class ProtectiveOrderRepository {
  constructor(
    private readonly ds: DataSource,
    private readonly principal: Principal,
    private readonly config: HubConfig,
  ) {}

  async byIds(ids: readonly string[]): Promise<ProtectiveOrderRow[]> {
    const p = new Params();
    return this.ds.query(
      `SELECT ${COLUMNS} FROM protective_order po WHERE po.id = ANY(${p.add(ids.filter(isUuid))}::uuid[]) AND ${orderScopeSql(this.principal, this.config, p.add)}`,
      p.values,
    );
  }

  /** Whether `agency` recorded an order with this number (the agency is one the caller records for). */
  async existsFor(agency: string, orderNumber: string): Promise<boolean> {
    const rows = (await this.ds.query(`SELECT 1 FROM protective_order WHERE agency_ori = $1 AND order_number = $2`, [agency, orderNumber])) as unknown[];
    return rows.length > 0;
  }

  /** Orders restraining each of the given offenders, newest first. */
  async byOffenderIds(offenderIds: readonly string[]): Promise<ProtectiveOrderRow[]> {
    const p = new Params();
    return this.ds.query(
      `SELECT ${COLUMNS} FROM protective_order po WHERE po.restrained_offender_id = ANY(${p.add(offenderIds)}::uuid[]) AND ${orderScopeSql(this.principal, this.config, p.add)}
       ORDER BY po.issued_on DESC, po.id`,
      p.values,
    );
  }
}

/** Whether an order was in force on a date (YYYY-MM-DD): issued on or before it, not yet expired. */
export function inForceOn(o: Pick<ProtectiveOrderRow, 'issued_on' | 'expires_on'>, date: string): boolean {
  return o.issued_on <= date && (o.expires_on === null || o.expires_on >= date);
}
