/** Protective orders as the graph reads them: every query carries the caller's row scope. */
import type { DataSource } from 'typeorm';
import type { HubConfig, Principal } from '@ipvi/core';
import { PROTECTIVE_ORDER_ROW_EXCLUDES, ProtectiveOrderEntity, type ProtectiveOrderRow } from '../entities';
import { columns } from './columns';
import { isUuid, orderScopeSql, Params } from './scope';

export type { ProtectiveOrderRow } from '../entities';

const COLUMNS = columns(ProtectiveOrderEntity, 'po', { except: PROTECTIVE_ORDER_ROW_EXCLUDES });

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
export function inForceOn(o: Pick<ProtectiveOrderRow, 'issuedOn' | 'expiresOn'>, date: string): boolean {
  return o.issuedOn <= date && (o.expiresOn === null || o.expiresOn >= date);
}
