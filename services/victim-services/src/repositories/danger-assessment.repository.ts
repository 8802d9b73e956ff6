/** Danger Assessments (advocates only): stored with their weighted score and band. */
import { randomUUID } from 'node:crypto';
import { scoreDangerAssessment, type DangerBand } from '../domain/danger-assessment';
import { notInFuture } from '../domain/input';
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

const COLUMNS = `x.id, x.client_id AS "clientId", x.administered_at AS "administeredAt", x.answers, x.never_lived_together AS "neverLivedTogether",
  x.score, x.band, x.administered_by AS "administeredBy"`;

export class DangerAssessmentRepository {
  constructor(private readonly env: RepoEnv, private readonly clients: ClientRepository) {}

  /** Assessments of these clients, newest first. */
  byClientIds(ids: readonly string[]): Promise<DangerAssessmentRow[]> {
    return this.clients.children(ids, { table: 'danger_assessment', columns: COLUMNS, orderBy: 'x.client_id, x.administered_at DESC, x.id' });
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
        `INSERT INTO danger_assessment AS x (id, client_id, answers, never_lived_together, score, band, administered_at, administered_by)
         VALUES (${[randomUUID(), client.id, [...input.answers], neverLivedTogether, score, band, administeredAt, this.env.principal.sub].map(p.add).join(', ')})
         RETURNING ${COLUMNS}`,
        p.values,
      )) as DangerAssessmentRow[];
      return row!;
    });
  }
}
