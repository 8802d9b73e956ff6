/** The validator of a protective order (N.C. G.S. 50B) input (zod, on core's shared rules): every problem at once, named by input path. */
import { Problems } from '@ipvi/core';
import type { OffenderDraft } from '../model/incident-record';
import { ORDER_TYPES, type OrderType } from '../nibrs';
import {
  agencyOri,
  anyDate,
  objectAt,
  oneOf,
  optional,
  parseFields,
  pastDate,
  patterned,
  required,
  text,
  validated,
  type Validated,
  type ValidationOptions,
} from './input-rules';
import { join, offenderDraft, protectedParty } from './party-input';

export interface ProtectiveOrderDraft {
  readonly agencyOri: string;
  readonly orderNumber: string;
  readonly orderType: OrderType;
  readonly court: string | null;
  readonly issuedOn: string;
  readonly expiresOn: string | null;
  readonly offender: OffenderDraft;
  readonly protectedPartyName: string;
  readonly protectedPartyDateOfBirth: string | null;
  /** Fixed id for a new order (demo seed only). */
  readonly id?: string;
}

const ORDER_NUMBER = /^[A-Za-z0-9][A-Za-z0-9_./-]{0,39}$/;

export function validateProtectiveOrder(input: unknown, opts: ValidationOptions): Validated<ProtectiveOrderDraft> {
  const path = opts.path ?? 'input';
  const p = new Problems(path);
  const o = objectAt(p, input, path);
  if (!o) return { value: null, problems: p.all };
  const f = parseFields(
    p,
    {
      agencyOri: required(agencyOri(opts)),
      orderType: required(oneOf(ORDER_TYPES)),
      issuedOn: required(pastDate(opts.now)),
      expiresOn: optional(anyDate()),
    },
    o,
  );
  if (f.issuedOn && f.expiresOn && f.expiresOn < f.issuedOn) p.add(join(path, 'expiresOn'), 'is before issuedOn');
  const party = protectedParty(p, o.protectedParty, join(path, 'protectedParty'), opts.now);
  const g = parseFields(p, { orderNumber: required(patterned(40, ORDER_NUMBER, 'must be letters, digits and . _ / -')), court: optional(text(120)) }, o);
  const offender = offenderDraft(p, o.restrainedOffender, join(path, 'restrainedOffender'), opts.now);
  return validated(p, {
    agencyOri: f.agencyOri ?? '',
    orderNumber: g.orderNumber ?? '',
    orderType: f.orderType ?? 'FINAL',
    court: g.court ?? null,
    issuedOn: f.issuedOn ?? '',
    expiresOn: f.expiresOn ?? null,
    offender: offender!,
    protectedPartyName: party?.name ?? '',
    protectedPartyDateOfBirth: party?.dateOfBirth ?? null,
  });
}
