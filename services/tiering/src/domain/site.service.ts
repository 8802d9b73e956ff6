/**
 * Each site's voice: the versioned site profile (letterhead, signatories, service directory, go-live
 * day, missed call-in policy) and letter templates per language, DRAFT until a coordinator approves.
 */
import { randomUUID } from 'node:crypto';
import {
  agencyKind,
  decodeCursor,
  InputError,
  normalizeAgency,
  notFound,
  pageOf,
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
import { id, list, ownPoliceAgency, policeAgency, requiredText, writableAgencies } from './inputs';

export interface SiteDeps {
  readonly ds: DataSource;
  readonly principal: Principal;
  readonly config: HubConfig;
  readonly now: () => Date;
  /** Sites (police agencies) the caller reads. */
  readonly agencies: readonly string[];
  readonly reader: SiteReader;
}

/** A directory entry's provider: absent, or an offender-services provider of the partnership (issue 14.3). */
function providerAgency(config: HubConfig, raw: string | null | undefined, field: string): string | null {
  if (raw == null) return null;
  if (agencyKind(config, raw) !== 'provider') throw new InputError(field, 'is not an offender-services provider of the partnership');
  return normalizeAgency(raw);
}

const PHONE = /^[0-9+() .-]{7,30}$/;

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
    return policeAgency(this.d.config, agency, field, own);
  }

  current(agency: string | null | undefined): Promise<SiteProfileRow | null> {
    return this.d.reader.current(this.site(agency));
  }

  /** A site's versions: `filter.agency`, or the deprecated loose `agency` argument. */
  versions(args: PageArgs & { agency?: string | null; filter?: { agency?: string | null } | null }): Promise<Connection<SiteProfileRow>> {
    const page = pageOf(args);
    const after = page.after?.[0];
    if (page.after && typeof after !== 'number') throw new InputError('after', 'is not a cursor returned by this list');
    const site = args.filter?.agency != null ? this.site(args.filter.agency, 'filter.agency') : this.site(args.agency);
    return this.d.reader.versions(site, page.limit, after as number | undefined);
  }

  templates(
    args: PageArgs,
    f: { agency?: string | null; language?: Language | null; state?: TemplateState | null } | null | undefined,
  ): Promise<Connection<LetterTemplateRow>> {
    const page = pageOf({ first: args.first });
    const after = args.after ? decodeCursor(args.after) : undefined;
    if (after && (after.length !== 2 || after.some((x) => typeof x !== 'string'))) throw new InputError('after', 'is not a cursor returned by this list');
    return this.d.reader.templates(page.limit, after as [string, string] | undefined, {
      agency: f?.agency == null ? null : policeAgency(this.d.config, f.agency, 'filter.agency'),
      language: f?.language ?? null,
      state: f?.state ?? null,
    });
  }

  /** Publishes a new version; the site and the version number. */
  async publish(input: PublishSiteProfileInput): Promise<{ agency: string; version: number }> {
    const agency = ownPoliceAgency(this.d.config, this.d.principal, input.agency, 'input.agency');
    const days = input.missedCallInRescheduleDays ?? DEFAULT_MISSED_RESCHEDULE_DAYS;
    if (!Number.isInteger(days) || days < 1 || days > 90) throw new InputError('input.missedCallInRescheduleDays', 'must be 1 to 90 days');
    const profile = {
      agencyOri: agency,
      partnershipName: requiredText(input.partnershipName, 'input.partnershipName', 200),
      letterhead: requiredText(input.letterhead, 'input.letterhead', 1000),
      signatories: list(input.signatories, 'input.signatories', 1, 10).map((s, n) => ({
        name: requiredText(s.name, `input.signatories.${n}.name`, 200),
        title: requiredText(s.title, `input.signatories.${n}.title`, 200),
        organisation: requiredText(s.organisation, `input.signatories.${n}.organisation`, 200),
      })),
      services: list(input.services, 'input.services', 0, 50).map((s, n) => {
        if (!SERVICES.includes(s.service)) throw new InputError(`input.services.${n}.service`, 'is not an offered service');
        const phone = requiredText(s.phone, `input.services.${n}.phone`, 30);
        if (!PHONE.test(phone)) throw new InputError(`input.services.${n}.phone`, 'must be 7 to 30 digits, spaces or + ( ) - .');
        const languages = list(s.languages, `input.services.${n}.languages`, 1, LANGUAGES.length);
        return {
          service: s.service,
          name: requiredText(s.name, `input.services.${n}.name`, 200),
          phone,
          address: requiredText(s.address, `input.services.${n}.address`, 300),
          hours: requiredText(s.hours, `input.services.${n}.hours`, 200),
          languages: [...new Set(languages)],
          providerAgency: providerAgency(this.d.config, s.providerAgency, `input.services.${n}.providerAgency`),
        };
      }),
      goLiveOn: input.goLiveOn,
      missedCallInRescheduleDays: days,
      publishedAt: this.d.now(),
    };
    const version = await this.d.ds.transaction((m) => publishProfile(m, profile, this.d.principal.sub));
    return { agency, version };
  }

  async draft(input: { agency?: string | null; language: Language; title: string; message: string; closing: string }): Promise<string> {
    const agency = ownPoliceAgency(this.d.config, this.d.principal, input.agency, 'input.agency');
    if (!LANGUAGES.includes(input.language)) throw new InputError('input.language', 'is not a letter language');
    const templateId = randomUUID();
    const row = {
      id: templateId,
      agencyOri: agency,
      language: input.language,
      title: requiredText(input.title, 'input.title', 200),
      message: requiredText(input.message, 'input.message', 4000),
      closing: requiredText(input.closing, 'input.closing', 500),
      draftedAt: this.d.now(),
      draftedBy: this.d.principal.sub,
    };
    await this.d.ds.transaction((m) => draftTemplate(m, row));
    return templateId;
  }

  async approve(input: { templateId: string }): Promise<string> {
    const templateId = id(input.templateId, 'input.templateId');
    const outcome = await this.d.ds.transaction((m) =>
      approveTemplate(m, templateId, writableAgencies(this.d.config, this.d.principal), this.d.now(), this.d.principal.sub),
    );
    if (outcome === 'MISSING') throw notFound('Letter template');
    return templateId;
  }
}
