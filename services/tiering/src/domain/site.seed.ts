/**
 * The demo site's voice: a High Point-style site profile (letterhead, signatories, service directory,
 * go-live day) and approved English and Spanish letter templates. The site went live two years
 * before the end of the demo history: its first year counts for tier history only, and since go-live
 * the program has worked its queue (demo/demo-history.ts replays it), so the demo queue holds recent
 * notices, not hundreds of overdue letters from 2023. Idempotent; phone numbers are fictional (555).
 */
import type { DataSource } from 'typeorm';
import { DEMO_EPOCH, DEMO_POLICE_ORI, DEMO_PROVIDER_AGENCY } from '@ipvi/core';

/** Demo go-live: two years before the end of the demo history (2024-10-01). */
export const DEMO_GO_LIVE = new Date(Date.UTC(DEMO_EPOCH.getUTCFullYear() - 2, DEMO_EPOCH.getUTCMonth(), DEMO_EPOCH.getUTCDate())).toISOString().slice(0, 10);

const PROFILE = {
  partnershipName: 'High Point Offender Focused Domestic Violence Initiative',
  letterhead: 'High Point Police Department | Guilford County District Attorney | Family Service of the Piedmont\n1009 Leonard Ave, High Point, NC 27260',
  signatories: [
    { name: 'Dana Whitfield', title: 'Chief of Police', organisation: 'High Point Police Department' },
    { name: 'Marcus Ellery', title: 'District Attorney', organisation: 'Guilford County District Attorney' },
    { name: 'Rev. Lorraine Banks', title: 'Community Leader', organisation: 'High Point Community Against Violence' },
    { name: 'Teresa Alvarado', title: 'Survivor Advocate', organisation: 'Family Service of the Piedmont' },
  ],
  services: [
    {
      service: 'BATTERER_INTERVENTION',
      name: 'HPCAV Abuser Treatment Program',
      phone: '(336) 555-0110',
      address: '201 E Russell Ave, High Point, NC',
      hours: 'Mon-Thu 9:00-19:00',
      languages: ['en', 'es'],
      // The demo's offender-service provider (SERVICE_PROVIDER tokens of BIP-DEMO-01 read the referrals sent to it).
      providerAgency: DEMO_PROVIDER_AGENCY,
    },
    {
      service: 'SUBSTANCE_USE_TREATMENT',
      name: 'Piedmont Recovery Services',
      phone: '(336) 555-0120',
      address: '400 N Main St, High Point, NC',
      hours: 'Mon-Fri 8:00-17:00',
      languages: ['en'],
    },
    {
      service: 'MENTAL_HEALTH_TREATMENT',
      name: 'Guilford Counseling Center',
      phone: '(336) 555-0130',
      address: '120 W Green Dr, High Point, NC',
      hours: 'Mon-Fri 8:30-17:30',
      languages: ['en', 'es'],
    },
    {
      service: 'EMPLOYMENT',
      name: 'NCWorks Career Center',
      phone: '(336) 555-0140',
      address: '607 Idol St, High Point, NC',
      hours: 'Mon-Fri 8:00-17:00',
      languages: ['en', 'es'],
    },
    {
      service: 'HOUSING',
      name: 'High Point Housing Help Line',
      phone: '(336) 555-0150',
      address: '500 E Russell Ave, High Point, NC',
      hours: 'Mon-Fri 9:00-16:00',
      languages: ['en'],
    },
  ],
};

const TEMPLATES = [
  {
    language: 'en',
    title: 'Official notice from the High Point domestic violence partnership',
    message:
      'We know who you are. The violence must stop. Nobody asked us to send this letter: your community, your police, your prosecutors and your neighbours decided together that this behaviour will not be tolerated in High Point.',
    closing: 'For the partnership, signed:',
  },
  {
    language: 'es',
    title: 'Aviso oficial de la alianza contra la violencia doméstica de High Point',
    message:
      'Sabemos quién es usted. La violencia debe terminar. Nadie nos pidió enviar esta carta: su comunidad, su policía, su fiscalía y sus vecinos decidieron juntos que esta conducta no será tolerada en High Point.',
    closing: 'Por la alianza, firman:',
  },
];

export async function seedSiteVoice(ds: DataSource): Promise<void> {
  const at = new Date(`${DEMO_GO_LIVE}T00:00:00Z`);
  await ds.query(
    `INSERT INTO site_profile (agency_ori, version, partnership_name, letterhead, signatories, services, go_live_on, missed_call_in_reschedule_days, published_at, published_by)
     VALUES ($1, 1, $2, $3, $4::jsonb, $5::jsonb, $6::date, 14, $7, 'demo-seed') ON CONFLICT DO NOTHING`,
    [DEMO_POLICE_ORI, PROFILE.partnershipName, PROFILE.letterhead, JSON.stringify(PROFILE.signatories), JSON.stringify(PROFILE.services), DEMO_GO_LIVE, at],
  );
  for (const t of TEMPLATES) {
    await ds.query(
      `INSERT INTO letter_template (id, agency_ori, language, version, state, title, message, closing, drafted_at, drafted_by, approved_at, approved_by)
       VALUES (gen_random_uuid(), $1, $2, 1, 'APPROVED', $3, $4, $5, $6, 'demo-seed', $6, 'demo-seed') ON CONFLICT DO NOTHING`,
      [DEMO_POLICE_ORI, t.language, t.title, t.message, t.closing, at],
    );
  }
}
