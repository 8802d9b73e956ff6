/** Validation of a protective order (N.C. G.S. 50B) input, shared by the mutation and the demo seed. */
import type { OffenderDraft } from '../model/incident-record';
import { ORDER_TYPES, type OrderType } from '../nibrs';
import { agencyOri, begin, result, type Validated, type ValidationOptions } from './input';
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
  const { p, r, notAfter } = begin(input, opts);
  if (!r) return { value: null, problems: p.list };
  const ori = agencyOri(r, opts);
  const orderType = r.text('orderType', { required: true, max: 20 })?.toUpperCase() ?? '';
  if (orderType && !(ORDER_TYPES as readonly string[]).includes(orderType)) p.add(r.field('orderType'), `must be one of ${ORDER_TYPES.join(', ')}`);
  const issuedOn = r.date('issuedOn', { required: true, notAfter });
  const expiresOn = r.date('expiresOn', { notAfter: FAR_FUTURE });
  if (issuedOn && expiresOn && expiresOn < issuedOn) p.add(r.field('expiresOn'), 'is before issuedOn');
  const party = readerAt(p, r.o.protectedParty, r.field('protectedParty'), true);
  const draft: ProtectiveOrderDraft = {
    agencyOri: ori,
    orderNumber: r.text('orderNumber', { required: true, max: 40, pattern: ORDER_NUMBER, patternReason: 'must be letters, digits and . _ / -' }) ?? '',
    orderType: orderType as OrderType,
    court: r.text('court', { max: 120 }),
    issuedOn: issuedOn ?? '',
    expiresOn,
    offender: offenderDraft(p, r.o.restrainedOffender, r.field('restrainedOffender'), notAfter)!,
    protectedPartyName: party?.personName('name', true) ?? '',
    protectedPartyDateOfBirth: party?.date('dateOfBirth', { notAfter }) ?? null,
  };
  return result(p, draft);
}
