/**
 * Clients: the advocate's own victim record. Opening one links it to a referral and its
 * police-recorded victim party of the caller's agency only; changing one changes the fields given
 * (absent: unchanged, null: cleared). Validates every detail at once, then writes in one transaction.
 */
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { Problems, TEXT, conflict, dateOfBirth, id, list, notFound, optionalText, requiredText, type Connection, type PageArgs } from '@ipvi/core';
import { LANGUAGES, type ClientChild, type ClientEntity, type ContactChannel, type ContactMethod } from '../entities';
import type { CreateClientInput, UpdateClientInput } from '../generated/resolvers';
import { isUniqueViolation, type DomainEnv } from './env';
import { instantIdConnection, instantIdPage } from './paging';

const CHANNELS = ['PHONE', 'SMS', 'EMAIL', 'MAIL', 'IN_PERSON', 'OTHER'] as const satisfies readonly ContactChannel[];
const DUPLICATE = 'the agency already has a client for this victim party';

/** The details a create or an update may carry. */
type ClientDetailsInput = Omit<UpdateClientInput, 'clientId'>;

/** The rules of a client's details (every field optional here; `name` is required on create by the GraphQL type). */
function detailsSchema(now: Date) {
  return z.object({
    name: requiredText(TEXT.name).nullish(),
    dateOfBirth: dateOfBirth(now).nullish(),
    preferredLanguage: z.enum(LANGUAGES).nullish(),
    safeToContact: z.boolean().nullish(),
    contactMethods: list(
      z.object({ channel: z.enum(CHANNELS), value: requiredText(TEXT.name), safeToLeaveMessage: z.boolean(), instructions: optionalText(TEXT.short) }),
      20,
    ).nullish(),
    address: optionalText(TEXT.short),
    shelter: optionalText(TEXT.name),
    children: list(z.object({ name: optionalText(100), dateOfBirth: dateOfBirth(now).nullish() }), 20).nullish(),
    assignedAdvocate: optionalText(TEXT.name),
  });
}

type Details = z.output<ReturnType<typeof detailsSchema>>;

/** The entity columns of the details present in the input (absent keys are left out: "unchanged"). */
function columnsOf(raw: ClientDetailsInput, v: Details): Partial<ClientEntity> {
  const has = (k: keyof ClientDetailsInput) => Object.prototype.hasOwnProperty.call(raw, k);
  const out: Partial<ClientEntity> = {};
  if (has('name') && v.name) out.name = v.name;
  if (has('dateOfBirth')) out.dateOfBirth = v.dateOfBirth ?? null;
  if (has('preferredLanguage')) out.preferredLanguage = v.preferredLanguage ?? null;
  if (has('safeToContact')) out.safeToContact = v.safeToContact ?? false;
  if (has('contactMethods')) {
    out.contactMethods = (v.contactMethods ?? []).map((m): ContactMethod => ({
      channel: m.channel,
      value: m.value,
      safeToLeaveMessage: m.safeToLeaveMessage,
      instructions: m.instructions ?? null,
    }));
  }
  if (has('address')) out.address = v.address ?? null;
  if (has('shelter')) out.shelter = v.shelter ?? null;
  if (has('children')) out.children = (v.children ?? []).map((c): ClientChild => ({ name: c.name ?? null, dateOfBirth: c.dateOfBirth ?? null }));
  if (has('assignedAdvocate')) out.assignedAdvocate = v.assignedAdvocate ?? null;
  return out;
}

export class ClientService {
  constructor(private readonly env: DomainEnv) {}

  /** The caller's agency's clients, newest first; `assignedToMe` narrows to the caller's own cases. */
  async page(args: PageArgs, assignedToMe: boolean | null | undefined): Promise<Connection<ClientEntity>> {
    const page = instantIdPage(args);
    const { rows, total, preceding } = await this.env.repos.clients.page(
      { assignedTo: assignedToMe ? this.env.principal.sub : undefined },
      page.limit,
      page.after,
    );
    return instantIdConnection(rows, page.limit, total, (c) => c.createdAt, preceding);
  }

  async create(input: CreateClientInput): Promise<ClientEntity> {
    const { principal, now } = this.env;
    const p = new Problems();
    const details = p.parse(
      detailsSchema(now()).extend({ name: requiredText(TEXT.name), referralId: id().nullish(), incidentVictimId: id().nullish() }),
      input,
    );
    if (input.name === null) p.add('input.name', 'is required');
    const v = p.done(details);
    return this.env.ds.transaction(async (m) => {
      const referral = v.referralId ? await this.env.repos.referrals.lockVisible(m, v.referralId) : undefined;
      if (referral === null) throw notFound('Referral');
      const victim = v.incidentVictimId ? await this.env.repos.referrals.victimOfOwnReferral(m, v.incidentVictimId, referral?.id) : undefined;
      if (victim === null) {
        p.add('input.incidentVictimId', referral ? 'is not a victim party of this referral' : "is not a victim party of a referral to the caller's agency");
        p.throwIfAny();
      }
      const at = now();
      const cols = columnsOf({ assignedAdvocate: principal.sub, ...input }, { ...v, assignedAdvocate: v.assignedAdvocate ?? principal.sub });
      const client: ClientEntity = {
        id: randomUUID(),
        advocacyAgency: principal.agency,
        referralId: victim?.referralId ?? referral?.id ?? null,
        incidentVictimId: victim?.incidentVictimId ?? null,
        assignedAdvocate: null,
        name: v.name,
        dateOfBirth: v.dateOfBirth ?? victim?.dateOfBirth ?? null,
        preferredLanguage: null,
        safeToContact: false,
        contactMethods: [],
        address: null,
        shelter: null,
        children: [],
        createdAt: at,
        updatedAt: at,
        ...cols,
      };
      client.dateOfBirth = v.dateOfBirth ?? victim?.dateOfBirth ?? null;
      return this.env.repos.clients.insert(m, client).catch((e: unknown) => {
        throw isUniqueViolation(e) ? conflict(DUPLICATE) : e;
      });
    });
  }

  async update(input: UpdateClientInput): Promise<ClientEntity> {
    const p = new Problems();
    const v = p.parse(detailsSchema(this.env.now()).extend({ clientId: id() }), input);
    if (Object.prototype.hasOwnProperty.call(input, 'name') && input.name === null) p.add('input.name', 'must not be cleared');
    const valid = p.done(v);
    return this.env.ds.transaction(async (m) => {
      const client = await this.env.repos.clients.lockVisible(m, valid.clientId);
      if (!client) throw notFound('Client');
      return this.env.repos.clients.update(m, client.id, { ...columnsOf(input, valid), updatedAt: this.env.now() });
    });
  }
}
