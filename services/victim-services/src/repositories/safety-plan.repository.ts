/** Versioned safety plans: every save appends a version; an edit based on an older version is a CONFLICT. */
import { randomUUID } from 'node:crypto';
import { conflict } from '@ipvi/core';
import { conflictOnUnique } from '../domain/client-input';
import { text, textList } from '../domain/input';
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

const COLUMNS = `x.id, x.client_id AS "clientId", x.version, x.created_at AS "createdAt", x.created_by AS "createdBy",
  x.plan->'warningSigns' AS "warningSigns", x.plan->'safePlaces' AS "safePlaces", x.plan->'emergencyContacts' AS "emergencyContacts",
  x.plan->'itemsToTake' AS "itemsToTake", x.plan->>'childrenPlan' AS "childrenPlan", x.plan->>'notes' AS "notes"`;

export class SafetyPlanRepository {
  constructor(private readonly env: RepoEnv, private readonly clients: ClientRepository) {}

  /** Every version of the plans of these clients, newest first. */
  historyByClientIds(ids: readonly string[]): Promise<SafetyPlanRow[]> {
    return this.clients.children(ids, { table: 'safety_plan', columns: COLUMNS, orderBy: 'x.client_id, x.version DESC' });
  }

  /** The latest version of each client's plan. */
  currentByClientIds(ids: readonly string[]): Promise<SafetyPlanRow[]> {
    return this.clients.children(ids, { table: 'safety_plan', columns: COLUMNS, orderBy: 'x.client_id, x.version DESC', distinctOn: 'x.client_id' });
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
          `INSERT INTO safety_plan AS x (id, client_id, version, plan, created_by, created_at)
           VALUES (${[randomUUID(), client.id, current + 1, JSON.stringify(plan), this.env.principal.sub, this.env.now()].map(p.add).join(', ')})
           RETURNING ${COLUMNS}`,
          p.values,
        )
        .catch(conflictOnUnique('the safety plan changed meanwhile: reload it'))) as SafetyPlanRow[];
      return row!;
    });
  }
}
