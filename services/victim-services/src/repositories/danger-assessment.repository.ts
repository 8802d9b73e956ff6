/** Danger Assessments (advocates only): stored with their weighted score and band. */
import { randomUUID } from 'node:crypto';
import { scoreDangerAssessment, type DangerBand } from '../domain/danger-assessment';
import { notInFuture, uuidsOnly } from '../domain/input';
import type { ClientRepository } from './client.repository';
import { SqlParams, type RepoEnv } from './scope';

export interface DangerAssessmentRow {
  id: string;
  clientId: string;
  administeredAt: Date;
  answers: boolean[];
  neverLivedTogether: boolean;
  score: number;
  band: DangerBand;
  administeredBy: string;
}

const COLUMNS = `d.id, d.client_id AS "clientId", d.administered_at AS "administeredAt", d.answers, d.never_lived_together AS "neverLivedTogether",
  d.score, d.band, d.administered_by AS "administeredBy"`;

export class DangerAssessmentRepository {
  constructor(private readonly env: RepoEnv, private readonly clients: ClientRepository) {}

  /** Assessments of these clients, newest first. */
  async byClientIds(ids: readonly string[]): Promise<DangerAssessmentRow[]> {
    const p = new SqlParams();
    return this.env.ds.query(
      `SELECT ${COLUMNS} FROM danger_assessment d JOIN client c ON c.id = d.client_id
       WHERE d.client_id = ANY(${p.add(uuidsOnly(ids))}::uuid[]) AND ${this.clients.scope(p)} ORDER BY d.client_id, d.administered_at DESC, d.id`,
      p.values,
    );
  }

  async record(input: { clientId: string; administeredAt?: Date | null; answers: readonly boolean[]; neverLivedTogether?: boolean | null }): Promise<DangerAssessmentRow> {
    const now = this.env.now();
    const administeredAt = notInFuture('input.administeredAt', input.administeredAt ?? now, now);
    const neverLivedTogether = input.neverLivedTogether ?? false;
    const { score, band } = scoreDangerAssessment(input.answers, neverLivedTogether);
    return this.env.ds.transaction(async (m) => {
      const client = await this.clients.requireVisible(m, input.clientId);
      const p = new SqlParams();
      const [row] = (await m.query(
        `INSERT INTO danger_assessment AS d (id, client_id, answers, never_lived_together, score, band, administered_at, administered_by)
         VALUES (${[randomUUID(), client.id, [...input.answers], neverLivedTogether, score, band, administeredAt, this.env.principal.sub].map(p.add).join(', ')})
         RETURNING ${COLUMNS}`,
        p.values,
      )) as DangerAssessmentRow[];
      return row!;
    });
  }
}
