/**
 * Protective orders (N.C. G.S. 50B), for one request: validate (every problem at once), check the
 * restrained offender the caller names, write in ONE transaction through the order writer, and return
 * the stored row. Another person under the same order number is a CONFLICT and writes nothing.
 */
import { conflict, InputProblems } from '@ipvi/core';
import type { ProtectiveOrderRow } from '../repositories/protective-order.repository';
import { validateProtectiveOrder } from './protective-order-input';
import type { DomainEnv } from './env';
import { under, valid, type IncidentService } from './incident.service';
import type { PossibleDuplicate } from './offender-matching';
import { writeProtectiveOrders } from './protective-order-writer';

export interface OrderWriteResult {
  readonly protectiveOrder: ProtectiveOrderRow;
  readonly created: boolean;
  readonly duplicates: PossibleDuplicate[];
}

export class ProtectiveOrderService {
  constructor(
    private readonly env: DomainEnv,
    private readonly incidents: IncidentService,
  ) {}

  async record(input: unknown): Promise<OrderWriteResult> {
    const draft = valid(validateProtectiveOrder(input, this.incidents.options('input')));
    const id = draft.offender.id;
    if (id && !(await this.env.repos.offenders.ownedBy(id, draft.agencyOri)))
      throw new InputProblems([{ field: 'input.restrainedOffender.id', reason: 'is not a known offender' }]);
    const [outcome] = await this.env.ds.transaction(async (m) => {
      const outcomes = await writeProtectiveOrders(m, [draft]);
      // Another person under the same order number: roll back whatever matching created, write nothing.
      if (outcomes[0]!.status === 'conflict')
        throw conflict(
          `This order number is recorded for another ${outcomes[0]!.field === 'protectedParty' ? 'protected' : 'restrained'} person; an order is never re-pointed (check the number).`,
        );
      return outcomes;
    });
    if (outcome!.status === 'rejected') throw new InputProblems(under('input', outcome!.problems));
    if (outcome!.status === 'conflict') throw conflict('This order number is recorded for another person.');
    const [protectiveOrder] = await this.env.repos.orders.byIds([outcome!.orderId]);
    if (!protectiveOrder) throw new Error('a written protective order is not readable by its writer');
    const visible = new Set((await this.env.repos.offenders.byIds(outcome!.duplicates.map((d) => d.offenderId))).map((o) => o.id));
    return { protectiveOrder, created: outcome!.status === 'created', duplicates: outcome!.duplicates.filter((d) => visible.has(d.offenderId)) };
  }
}
