/**
 * Each site's voice: the versioned site profile (letterhead, signatories, service directory, go-live
 * day, missed call-in policy) and letter templates per language, DRAFT until a coordinator approves.
 */
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import {
  agencyKind,
  CursorShapes,
  intBetween,
  list,
  notFound,
  parseInput,
  Problems,
  requiredText,
  TEXT,
  type Connection,
  type HubConfig,
  type PageArgs,
  type Principal,
} from '@ipvi/core';
import type { DataSource } from 'typeorm';
import { LANGUAGES, type Language } from '../letters/templates';
import { SERVICES } from '../policy/tier-policy';
import {
  approveTemplate,
  draftTemplate,
  publishProfile,
  type DirectoryEntry,
  type LetterTemplateRow,
  type SiteProfileRow,
  type SiteReader,
  type TemplateState,
} from '../repositories/site.repository';
import { DEFAULT_MISSED_RESCHEDULE_DAYS } from './call-in.service';
import { nonEmptyList, ownPoliceAgency, pageIn, policeAgency, providerAgency, rowId, writableAgencies } from './inputs';

export interface SiteDeps {
  readonly ds: DataSource;
  readonly principal: Principal;
  readonly config: HubConfig;
  readonly now: () => Date;
  /** Sites (police agencies) the caller reads. */
  readonly agencies: readonly string[];
  readonly reader: SiteReader;
}

const PHONE = /^[0-9+() .-]{7,30}$/;

/** A new site profile version: every field checked at once. */
function profileSchema(config: HubConfig, principal: Principal) {
  const entry = z.object({
    service: z.enum(SERVICES),
    name: requiredText(TEXT.name),
    phone: requiredText(30).pipe(z.string().regex(PHONE, 'must be 7 to 30 digits, spaces or + ( ) - .')),
    address: requiredText(300),
    hours: requiredText(TEXT.name),
    languages: nonEmptyList(z.enum(LANGUAGES), LANGUAGES.length).transform((ls) => [...new Set(ls)]),
    providerAgency: providerAgency(config)
      .nullish()
      .transform((a) => a ?? null),
  });
  return z.object({
    agency: ownPoliceAgency(config, principal),
    partnershipName: requiredText(TEXT.name),
    letterhead: requiredText(1000),
    signatories: nonEmptyList(z.object({ name: requiredText(TEXT.name), title: requiredText(TEXT.name), organisation: requiredText(TEXT.name) }), 10),
    services: list(entry, 50),
    goLiveOn: z.string(),
    missedCallInRescheduleDays: intBetween(1, 90)
      .nullish()
      .transform((d) => d ?? DEFAULT_MISSED_RESCHEDULE_DAYS),
  });
}

export interface PublishSiteProfileInput {
  agency?: string | null;
  partnershipName: string;
  letterhead: string;
  signatories: readonly { name: string; title: string; organisation: string }[];
  services: readonly DirectoryEntry[];
  goLiveOn: string;
  missedCallInRescheduleDays?: number | null;
}

export class SiteService {
  constructor(private readonly d: SiteDeps) {}

  /** The site a read names, or the caller's own (an advocacy agency's: the first police agency it serves). */
  private site(agency: string | null | undefined, field = 'agency'): string {
    const own = agencyKind(this.d.config, this.d.principal.agency) === 'police' ? this.d.principal.agency : this.d.agencies[0];
    return parseInput(policeAgency(this.d.config), agency ?? own, field);
  }

  current(agency: string | null | undefined): Promise<SiteProfileRow | null> {
    return this.d.reader.current(this.site(agency));
  }

  /** A site's versions: `filter.agency`, or the deprecated loose `agency` argument. */
  versions(args: PageArgs & { agency?: string | null; filter?: { agency?: string | null } | null }): Promise<Connection<SiteProfileRow>> {
    const p = new Problems('');
    const page = pageIn<[number]>(p, args, CursorShapes.seq);
    p.throwIfAny();
    const site = args.filter?.agency != null ? this.site(args.filter.agency, 'filter.agency') : this.site(args.agency);
    return this.d.reader.versions(site, page!.limit, page!.after?.[0]);
  }

  templates(
    args: PageArgs,
    filter: { agency?: string | null; language?: Language | null; state?: TemplateState | null } | null | undefined,
  ): Promise<Connection<LetterTemplateRow>> {
    const p = new Problems('');
    const v = p.parse(
      z.object({
        filter: z
          .object({ agency: policeAgency(this.d.config).nullish(), language: z.enum(LANGUAGES).nullish(), state: z.enum(['DRAFT', 'APPROVED']).nullish() })
          .nullish(),
      }),
      { filter },
    );
    const page = pageIn<[string, string]>(p, args, CursorShapes.instantAndId);
    const f = p.done(v).filter;
    return this.d.reader.templates(page!.limit, page!.after, { agency: f?.agency ?? null, language: f?.language ?? null, state: f?.state ?? null });
  }

  /** Publishes a new version; the site and the version number. */
  async publish(input: PublishSiteProfileInput): Promise<{ agency: string; version: number }> {
    const p = new Problems();
    const { agency, ...v } = p.done(p.parse(profileSchema(this.d.config, this.d.principal), input));
    const version = await this.d.ds.transaction((m) => publishProfile(m, { ...v, agencyOri: agency, publishedAt: this.d.now() }, this.d.principal.sub));
    return { agency, version };
  }

  async draft(input: { agency?: string | null; language: Language; title: string; message: string; closing: string }): Promise<string> {
    const p = new Problems();
    const { agency, ...v } = p.done(
      p.parse(
        z.object({
          agency: ownPoliceAgency(this.d.config, this.d.principal),
          language: z.enum(LANGUAGES),
          title: requiredText(TEXT.name),
          message: requiredText(TEXT.long),
          closing: requiredText(TEXT.short),
        }),
        input,
      ),
    );
    const templateId = randomUUID();
    const row = { ...v, id: templateId, agencyOri: agency, draftedAt: this.d.now(), draftedBy: this.d.principal.sub };
    await this.d.ds.transaction((m) => draftTemplate(m, row));
    return templateId;
  }

  async approve(input: { templateId: string }): Promise<string> {
    const p = new Problems();
    const { templateId } = p.done(p.parse(z.object({ templateId: rowId() }), input));
    const outcome = await this.d.ds.transaction((m) =>
      approveTemplate(m, templateId, writableAgencies(this.d.config, this.d.principal), this.d.now(), this.d.principal.sub),
    );
    if (outcome === 'MISSING') throw notFound('Letter template');
    return templateId;
  }
}
