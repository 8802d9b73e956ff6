/**
 * Consented release: what the caller's agency may read about a police-recorded victim party. A row
 * comes back only when the caller's row scope covers the client (its own advocates) or when an
 * active consent (not revoked, signed, not expired at the request's instant) names the caller's
 * agency and the data class. Otherwise nothing, whatever the reason: no client, no consent,
 * expired, revoked, another agency, another class.
 */
import { SqlParams, normalizeAgency, uuidsOnly } from '@ipvi/core';
import type { ConsentDataClass, ContactMethod, DangerBand, Language, ServiceKind, ServiceReferralStatus } from '../entities';
import { visibleAgencies, type RepoEnv } from './scope';

interface Released {
  incidentVictimId: string;
  /** The consent that released it; null when the caller's own agency holds the record. */
  consentId: string | null;
}
export interface ReleasedContact extends Released {
  name: string;
  preferredLanguage: Language | null;
  safeToContact: boolean;
  contactMethods: ContactMethod[];
  address: string | null;
}
export interface ReleasedDanger extends Released {
  assessment: { score: number; band: DangerBand; administeredAt: string } | null;
}
export interface ReleasedServices extends Released {
  services: { kind: ServiceKind; status: ServiceReferralStatus }[];
}

export class ReleaseRepository {
  constructor(private readonly env: RepoEnv) {}

  /** CTE `rel (victim, client_id, consent_id)`: the one client per victim party the caller may read for `category`. */
  private releasable(p: SqlParams, victimIds: readonly string[], category: ConsentDataClass): string {
    const scope = p.add(visibleAgencies(this.env.principal, this.env.config));
    const now = p.add(this.env.now());
    return `rel AS (
      SELECT DISTINCT ON (c.incident_victim_id) c.incident_victim_id AS victim, c.id AS client_id, k.id AS consent_id
      FROM client c
      LEFT JOIN LATERAL (
        SELECT k.id, k.expires_at FROM consent k
        WHERE k.client_id = c.id AND k.recipient_agency = ${p.add(normalizeAgency(this.env.principal.agency))} AND ${p.add(category)} = ANY(k.data_classes)
          AND k.revoked_at IS NULL AND k.signed_at <= ${now}::timestamptz AND k.expires_at > ${now}::timestamptz
        ORDER BY k.expires_at DESC, k.id LIMIT 1) k ON true
      WHERE c.incident_victim_id = ANY(${p.add(uuidsOnly(victimIds))}::uuid[]) AND (c.advocacy_agency = ANY(${scope}::text[]) OR k.id IS NOT NULL)
      ORDER BY c.incident_victim_id, (c.advocacy_agency = ANY(${scope}::text[])) DESC, k.expires_at DESC NULLS LAST, c.id)`;
  }

  async contacts(victimIds: readonly string[]): Promise<ReleasedContact[]> {
    const p = new SqlParams();
    return this.env.ds.query(
      `WITH ${this.releasable(p, victimIds, 'CONTACT_DETAILS')}
       SELECT rel.victim AS "incidentVictimId", rel.consent_id AS "consentId", c.name, c.preferred_language AS "preferredLanguage",
              c.safe_to_contact AS "safeToContact", c.contact_methods AS "contactMethods", c.address
       FROM rel JOIN client c ON c.id = rel.client_id`,
      p.values,
    );
  }

  async dangerAssessments(victimIds: readonly string[]): Promise<ReleasedDanger[]> {
    const p = new SqlParams();
    return this.env.ds.query(
      `WITH ${this.releasable(p, victimIds, 'DANGER_ASSESSMENT')}
       SELECT rel.victim AS "incidentVictimId", rel.consent_id AS "consentId", d.assessment
       FROM rel LEFT JOIN LATERAL (
         SELECT json_build_object('score', d.score, 'band', d.band, 'administeredAt', d.administered_at) AS assessment
         FROM danger_assessment d WHERE d.client_id = rel.client_id ORDER BY d.administered_at DESC, d.id LIMIT 1) d ON true`,
      p.values,
    );
  }

  async services(victimIds: readonly string[]): Promise<ReleasedServices[]> {
    const p = new SqlParams();
    return this.env.ds.query(
      `WITH ${this.releasable(p, victimIds, 'SERVICES_SUMMARY')}
       SELECT rel.victim AS "incidentVictimId", rel.consent_id AS "consentId",
              coalesce((SELECT json_agg(json_build_object('kind', x.kind, 'status', x.status) ORDER BY x.created_at, x.id)
                        FROM service_referral x WHERE x.client_id = rel.client_id), '[]'::json) AS services
       FROM rel`,
      p.values,
    );
  }
}
