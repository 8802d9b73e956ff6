/** Validation of a protective order (N.C. G.S. 50B) input, shared by the mutation and the demo seed. */
import type { OffenderDraft } from '../model/incident-record';
import { ORDER_TYPES, type OrderType } from '../nibrs';
import { Problems } from './fields';
import { FUTURE_SKEW_MS, ORI, type Validated, type ValidationOptions } from './incident';
import { offenderDraft, readerAt } from './parties';

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
const FAR_FUTURE = new Date('2200-01-01T00:00:00Z');

export function validateProtectiveOrder(input: unknown, opts: ValidationOptions): Validated<ProtectiveOrderDraft> {
  const path = opts.path ?? 'input';
  const p = new Problems();
  const r = readerAt(p, input, path, true);
  if (!r) return { value: null, problems: p.list };
  const notAfter = new Date(opts.now.getTime() + FUTURE_SKEW_MS);
  const agencyOri = r.text('agencyOri', { required: true, max: 9 })?.toUpperCase() ?? '';
  if (agencyOri && !ORI.test(agencyOri)) p.add(r.field('agencyOri'), 'must be an ORI: 9 characters, 2 letters then 7 letters or digits');
  else if (agencyOri && !opts.agencies.includes(agencyOri)) p.add(r.field('agencyOri'), 'is not an agency you may record for');
  const orderType = r.text('orderType', { required: true, max: 20 })?.toUpperCase() ?? '';
  if (orderType && !(ORDER_TYPES as readonly string[]).includes(orderType)) p.add(r.field('orderType'), `must be one of ${ORDER_TYPES.join(', ')}`);
  const issuedOn = r.date('issuedOn', { required: true, notAfter });
  const expiresOn = r.date('expiresOn', { notAfter: FAR_FUTURE });
  if (issuedOn && expiresOn && expiresOn < issuedOn) p.add(r.field('expiresOn'), 'is before issuedOn');
  const party = readerAt(p, r.o.protectedParty, r.field('protectedParty'), true);
  const draft: ProtectiveOrderDraft = {
    agencyOri,
    orderNumber: r.text('orderNumber', { required: true, max: 40, pattern: ORDER_NUMBER, patternReason: 'must be letters, digits and . _ / -' }) ?? '',
    orderType: orderType as OrderType,
    court: r.text('court', { max: 120 }),
    issuedOn: issuedOn ?? '',
    expiresOn,
    offender: offenderDraft(p, r.o.restrainedOffender, r.field('restrainedOffender'), notAfter)!,
    protectedPartyName: party?.personName('name', true) ?? '',
    protectedPartyDateOfBirth: party?.date('dateOfBirth', { notAfter }) ?? null,
  };
  return p.ok ? { value: draft, problems: [] } : { value: null, problems: p.list };
}
