/** Site profiles (versioned, immutable) and letter templates (DRAFT -> APPROVED). Queries only. */
import type { DataSource, EntityManager } from 'typeorm';
import { conflict, connectionOf, type Connection } from '@ipvi/core';
import type { Language } from '../letters/templates';
import { SqlParams } from './scope';
import type { LetterTemplateEntity, SiteProfileEntity, TemplateState } from '../entities';

export type { DirectoryEntry, SignatoryValue as Signatory, TemplateState } from '../entities';

export type SiteProfileRow = Omit<SiteProfileEntity, 'publishedBy'>;

export type LetterTemplateRow = Omit<LetterTemplateEntity, 'approvedBy'>;

const PROFILE = `p.agency_ori AS "agencyOri", p.version, p.partnership_name AS "partnershipName", p.letterhead, p.signatories, p.services,
  p.go_live_on::text AS "goLiveOn", p.missed_call_in_reschedule_days AS "missedCallInRescheduleDays", p.published_at AS "publishedAt"`;
const TEMPLATE = `t.id, t.agency_ori AS "agencyOri", t.language, t.version, t.state, t.title, t.message, t.closing, t.drafted_at AS "draftedAt",
  t.drafted_by AS "draftedBy", t.approved_at AS "approvedAt"`;

type Db = DataSource | EntityManager;

/** Publishes the next version of a site's profile (versions are serialized per site). */
export async function publishProfile(m: EntityManager, p: Omit<SiteProfileRow, 'version'>, by: string): Promise<number> {
  await m.query(`SELECT pg_advisory_xact_lock(hashtextextended('tiering:site:' || $1, 0))`, [p.agencyOri]);
  const [row] = (await m.query(
    `INSERT INTO site_profile (agency_ori, version, partnership_name, letterhead, signatories, services, go_live_on, missed_call_in_reschedule_days, published_at, published_by)
     SELECT $1, coalesce(max(version), 0) + 1, $2, $3, $4::jsonb, $5::jsonb, $6::date, $7, $8, $9 FROM site_profile WHERE agency_ori = $1 RETURNING version`,
    [
      p.agencyOri,
      p.partnershipName,
      p.letterhead,
      JSON.stringify(p.signatories),
      JSON.stringify(p.services),
      p.goLiveOn,
      p.missedCallInRescheduleDays,
      p.publishedAt,
      by,
    ],
  )) as { version: number }[];
  return row!.version;
}

/** The site's profile in force now (its latest version), or null. */
export async function currentProfile(db: Db, agency: string): Promise<SiteProfileRow | null> {
  const rows = (await db.query(`SELECT ${PROFILE} FROM site_profile p WHERE p.agency_ori = $1 ORDER BY p.version DESC LIMIT 1`, [agency])) as SiteProfileRow[];
  return rows[0] ?? null;
}

export async function draftTemplate(
  m: EntityManager,
  t: Pick<LetterTemplateRow, 'id' | 'agencyOri' | 'language' | 'title' | 'message' | 'closing' | 'draftedAt' | 'draftedBy'>,
): Promise<void> {
  await m.query(`SELECT pg_advisory_xact_lock(hashtextextended('tiering:template:' || $1 || ':' || $2, 0))`, [t.agencyOri, t.language]);
  await m.query(
    `INSERT INTO letter_template (id, agency_ori, language, version, state, title, message, closing, drafted_at, drafted_by)
     SELECT $1, $2, $3, coalesce(max(version), 0) + 1, 'DRAFT', $4, $5, $6, $7, $8 FROM letter_template WHERE agency_ori = $2 AND language = $3`,
    [t.id, t.agencyOri, t.language, t.title, t.message, t.closing, t.draftedAt, t.draftedBy],
  );
}

/** DRAFT -> APPROVED for a template of one of `agencies`; NOT_FOUND is the caller's, CONFLICT when it is not a draft. */
export async function approveTemplate(m: EntityManager, id: string, agencies: readonly string[], at: Date, by: string): Promise<'APPROVED' | 'MISSING'> {
  const [t] = (await m.query(`SELECT state FROM letter_template WHERE id = $1 AND agency_ori = ANY($2::text[]) FOR UPDATE`, [id, [...agencies]])) as {
    state: TemplateState;
  }[];
  if (!t) return 'MISSING';
  if (t.state !== 'DRAFT') throw conflict('Only a DRAFT template can be approved; approved versions are immutable (draft a new version).');
  await m.query(`UPDATE letter_template SET state = 'APPROVED', approved_at = $2, approved_by = $3 WHERE id = $1`, [id, at, by]);
  return 'APPROVED';
}

/**
 * What a notification's letter is written with: the profile and the approved template in force when
 * the notification was scheduled (or, for one scheduled before the site had any, the first ones), so
 * a letter reads the same whenever it is rendered.
 */
export async function voiceAt(
  db: Db,
  agency: string,
  language: Language,
  scheduledAt: Date,
): Promise<{ profile: SiteProfileRow | null; template: LetterTemplateRow | null }> {
  const [profile] = (await db.query(
    `SELECT ${PROFILE} FROM site_profile p WHERE p.agency_ori = $1 ORDER BY (p.published_at <= $2) DESC, CASE WHEN p.published_at <= $2 THEN -p.version ELSE p.version END LIMIT 1`,
    [agency, scheduledAt],
  )) as SiteProfileRow[];
  const [template] = (await db.query(
    `SELECT ${TEMPLATE} FROM letter_template t WHERE t.agency_ori = $1 AND t.language = $2 AND t.state = 'APPROVED'
     ORDER BY (t.approved_at <= $3) DESC, CASE WHEN t.approved_at <= $3 THEN -t.version ELSE t.version END LIMIT 1`,
    [agency, language, scheduledAt],
  )) as LetterTemplateRow[];
  return { profile: profile ?? null, template: template ?? null };
}

/** Read side, per request: the sites (police agencies) the caller may read. */
export class SiteReader {
  constructor(
    private readonly ds: DataSource,
    private readonly agencies: readonly string[],
  ) {}

  private visible(agency: string): boolean {
    return this.agencies.includes(agency);
  }

  async current(agency: string): Promise<SiteProfileRow | null> {
    return this.visible(agency) ? currentProfile(this.ds, agency) : null;
  }

  async versions(agency: string, limit: number, after: number | undefined): Promise<Connection<SiteProfileRow>> {
    if (!this.visible(agency)) return connectionOf([], limit, 0, () => []);
    const rows = (await this.ds.query(
      `SELECT ${PROFILE} FROM site_profile p WHERE p.agency_ori = $1 AND ($2::int IS NULL OR p.version < $2) ORDER BY p.version DESC LIMIT ${limit + 1}`,
      [agency, after ?? null],
    )) as SiteProfileRow[];
    // preceding: versions at or before the cursor, so hasPreviousPage is exact.
    const [{ n, preceding }] = (await this.ds.query(
      `SELECT count(*)::int AS n, count(*) FILTER (WHERE $2::int IS NOT NULL AND version >= $2)::int AS preceding FROM site_profile WHERE agency_ori = $1`,
      [agency, after ?? null],
    )) as [{ n: number; preceding: number }];
    return connectionOf(rows, limit, n, (r) => [r.version], preceding);
  }

  templatesByIds(ids: readonly string[]): Promise<LetterTemplateRow[]> {
    return this.ds.query(`SELECT ${TEMPLATE} FROM letter_template t WHERE t.id = ANY($1::uuid[]) AND t.agency_ori = ANY($2::text[])`, [
      ids,
      [...this.agencies],
    ]);
  }

  async templates(
    limit: number,
    after: readonly [string, string] | undefined,
    f: { agency: string | null; language: Language | null; state: TemplateState | null },
  ): Promise<Connection<LetterTemplateRow & { cursorAt: string }>> {
    const p = new SqlParams();
    const where = [`t.agency_ori = ANY(${p.add([...this.agencies])}::text[])`];
    if (f.agency) where.push(`t.agency_ori = ${p.add(f.agency)}`);
    if (f.language) where.push(`t.language = ${p.add(f.language)}`);
    if (f.state) where.push(`t.state = ${p.add(f.state)}`);
    const cond = after ? `(t.drafted_at, t.id) < (${p.add(after[0])}::timestamptz, ${p.add(after[1])}::uuid)` : undefined;
    const keyset = cond ? ` AND ${cond}` : '';
    const rows = (await this.ds.query(
      `SELECT ${TEMPLATE}, to_char(t.drafted_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS "cursorAt" FROM letter_template t
       WHERE ${where.join(' AND ')}${keyset} ORDER BY t.drafted_at DESC, t.id DESC LIMIT ${limit + 1}`,
      p.values,
    )) as (LetterTemplateRow & { cursorAt: string })[];
    // preceding: templates (as filtered) at or before the cursor, so hasPreviousPage is exact.
    const [{ n, preceding }] = (await this.ds.query(
      `SELECT count(*)::int AS n, count(*) FILTER (WHERE ${cond ? `NOT ${cond}` : 'false'})::int AS preceding FROM letter_template t WHERE ${where.join(' AND ')}`,
      p.values,
    )) as [{ n: number; preceding: number }];
    return connectionOf(rows, limit, n, (r) => [r.cursorAt, r.id], preceding);
  }
}
