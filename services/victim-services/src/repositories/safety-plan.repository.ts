/** Versioned safety plans: every save appends a version; an edit based on an older version is a CONFLICT. */
import { randomUUID } from 'node:crypto';
import { conflict } from '@ipvi/core';
import { conflictOnUnique } from '../domain/client-input';
import { text, textList, uuidsOnly } from '../domain/input';
import type { ClientRepository } from './client.repository';
import { SqlParams, type RepoEnv } from './scope';

export interface SafetyPlanRow {
  id: string;
  clientId: string;
  version: number;
  createdAt: Date;
  createdBy: string;
  warningSigns: string[];
  safePlaces: string[];
  emergencyContacts: string[];
  itemsToTake: string[];
  childrenPlan: string | null;
  notes: string | null;
}

export interface SaveSafetyPlanInput {
  clientId: string;
  basedOnVersion?: number | null;
  warningSigns?: readonly string[] | null;
  safePlaces?: readonly string[] | null;
  emergencyContacts?: readonly string[] | null;
  itemsToTake?: readonly string[] | null;
  childrenPlan?: string | null;
  notes?: string | null;
}

const COLUMNS = `s.id, s.client_id AS "clientId", s.version, s.created_at AS "createdAt", s.created_by AS "createdBy",
  s.plan->'warningSigns' AS "warningSigns", s.plan->'safePlaces' AS "safePlaces", s.plan->'emergencyContacts' AS "emergencyContacts",
  s.plan->'itemsToTake' AS "itemsToTake", s.plan->>'childrenPlan' AS "childrenPlan", s.plan->>'notes' AS "notes"`;

export class SafetyPlanRepository {
  constructor(private readonly env: RepoEnv, private readonly clients: ClientRepository) {}

  /** Every version of the plans of these clients, newest first. */
  async historyByClientIds(ids: readonly string[]): Promise<SafetyPlanRow[]> {
    const p = new SqlParams();
    return this.env.ds.query(
      `SELECT ${COLUMNS} FROM safety_plan s JOIN client c ON c.id = s.client_id
       WHERE s.client_id = ANY(${p.add(uuidsOnly(ids))}::uuid[]) AND ${this.clients.scope(p)} ORDER BY s.client_id, s.version DESC`,
      p.values,
    );
  }

  /** The latest version of each client's plan. */
  async currentByClientIds(ids: readonly string[]): Promise<SafetyPlanRow[]> {
    const p = new SqlParams();
    return this.env.ds.query(
      `SELECT DISTINCT ON (s.client_id) ${COLUMNS} FROM safety_plan s JOIN client c ON c.id = s.client_id
       WHERE s.client_id = ANY(${p.add(uuidsOnly(ids))}::uuid[]) AND ${this.clients.scope(p)} ORDER BY s.client_id, s.version DESC`,
      p.values,
    );
  }

  async save(input: SaveSafetyPlanInput): Promise<SafetyPlanRow> {
    const plan = {
      warningSigns: textList('input.warningSigns', input.warningSigns),
      safePlaces: textList('input.safePlaces', input.safePlaces),
      emergencyContacts: textList('input.emergencyContacts', input.emergencyContacts),
      itemsToTake: textList('input.itemsToTake', input.itemsToTake),
      childrenPlan: text('input.childrenPlan', input.childrenPlan ?? null, 4000),
      notes: text('input.notes', input.notes ?? null, 4000),
    };
    return this.env.ds.transaction(async (m) => {
      const client = await this.clients.requireVisible(m, input.clientId); // locks the client: versions are taken one at a time
      const [{ current }] = (await m.query('SELECT coalesce(max(version), 0)::int AS current FROM safety_plan WHERE client_id = $1', [client.id])) as [{ current: number }];
      if ((input.basedOnVersion ?? 0) !== current) throw conflict(`the safety plan is at version ${current}: reload it and edit that version`);
      const p = new SqlParams();
      const [row] = (await m
        .query(
          `INSERT INTO safety_plan AS s (id, client_id, version, plan, created_by, created_at)
           VALUES (${[randomUUID(), client.id, current + 1, JSON.stringify(plan), this.env.principal.sub, this.env.now()].map(p.add).join(', ')})
           RETURNING ${COLUMNS}`,
          p.values,
        )
        .catch(conflictOnUnique('the safety plan changed meanwhile: reload it'))) as SafetyPlanRow[];
      return row!;
    });
  }
}
