/** Shapes and rules of a client's details as advocates enter them. */
import { conflict } from '@ipvi/core';
import { text, requiredText } from './input';

export interface ContactMethod {
  channel: string;
  value: string;
  safeToLeaveMessage: boolean;
  instructions: string | null;
}

export interface ClientChild {
  name: string | null;
  dateOfBirth: string | null;
}

export interface ClientDetailsInput {
  name?: string | null;
  dateOfBirth?: string | null;
  preferredLanguage?: string | null;
  safeToContact?: boolean | null;
  contactMethods?: readonly { channel: string; value: string; safeToLeaveMessage: boolean; instructions?: string | null }[] | null;
  address?: string | null;
  shelter?: string | null;
  children?: readonly { name?: string | null; dateOfBirth?: string | null }[] | null;
  assignedAdvocate?: string | null;
}

/** Column -> value for the details present in the input (absent keys are left out: "unchanged"). */
export function clientColumns(input: ClientDetailsInput): Map<string, unknown> {
  const cols = new Map<string, unknown>();
  const has = (k: keyof ClientDetailsInput) => Object.prototype.hasOwnProperty.call(input, k);
  if (has('name')) cols.set('name', requiredText('input.name', input.name, 200));
  if (has('dateOfBirth')) cols.set('date_of_birth', input.dateOfBirth ?? null);
  if (has('preferredLanguage')) cols.set('preferred_language', text('input.preferredLanguage', input.preferredLanguage ?? null, 50));
  if (has('safeToContact')) cols.set('safe_to_contact', input.safeToContact ?? false);
  if (has('contactMethods')) {
    const methods: ContactMethod[] = (input.contactMethods ?? []).map((m, i) => ({
      channel: m.channel,
      value: requiredText(`input.contactMethods[${i}].value`, m.value, 200),
      safeToLeaveMessage: m.safeToLeaveMessage,
      instructions: text(`input.contactMethods[${i}].instructions`, m.instructions ?? null, 500),
    }));
    cols.set('contact_methods', JSON.stringify(methods));
  }
  if (has('address')) cols.set('address', text('input.address', input.address ?? null, 500));
  if (has('shelter')) cols.set('shelter', text('input.shelter', input.shelter ?? null, 200));
  if (has('children')) {
    const children: ClientChild[] = (input.children ?? []).map((c, i) => ({ name: text(`input.children[${i}].name`, c.name ?? null, 100), dateOfBirth: c.dateOfBirth ?? null }));
    cols.set('children', JSON.stringify(children));
  }
  if (has('assignedAdvocate')) cols.set('assigned_advocate', text('input.assignedAdvocate', input.assignedAdvocate ?? null, 200));
  return cols;
}

/** A unique-violation from PostgreSQL as a CONFLICT, anything else rethrown. */
export function conflictOnUnique(message: string): (e: unknown) => never {
  return (e: unknown) => {
    if (typeof e === 'object' && e !== null && (e as { code?: string }).code === '23505') throw conflict(message);
    throw e;
  };
}
