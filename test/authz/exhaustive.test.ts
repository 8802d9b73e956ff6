/**
 * The exhaustive authorization test: for every role and every field of the composed supergraph,
 * through the gateway (shortest and longest paths) and straight into the owning subgraph (from its
 * Query or `_entities`), in several query shapes, the canary value is there exactly when the policy
 * says so; a denial is null plus one FORBIDDEN at its path (per row); the value shows nowhere else; and every
 * denial and every allowed sensitive read left its audit record (naming the consent a consented
 * read relied on). Cases come from the schema. `AUTHZ_REPORT=<file>` writes every failure there.
 */
import fs from 'node:fs';
import { SERVICE_NAMES, loadConfig, readFieldClasses, verifyTrails, type ServiceName } from '@ipvi/core';
import { subgraphSdls } from '@ipvi/gateway/src/subgraphs';
import { startTestHub, type TestHub } from '../harness/hub';
import { CONSENTED, NOT_REACHABLE, insertCanaries } from './canary';
import { expectedDecision } from './expected-policy';
import { buildCases, describePath, problemsOf, type Case } from './cases';
import { loadGraphModel, type GraphModel } from './graph-model';
import type { ClassesByGraph } from './oracle';
import { pool, prober } from './run';

let t: TestHub;
let model: GraphModel;
let classes: ClassesByGraph;
let cases: Case[];
let uncovered: string[];
beforeAll(async () => {
  t = await startTestHub();
  await insertCanaries(t);
  model = loadGraphModel();
  classes = new Map(subgraphSdls().map(({ name, sdl }) => [name, readFieldClasses(sdl)]));
  ({ cases, uncovered } = buildCases(model, classes));
});
afterAll(() => t.stop());

interface AuditRow { request_id: string; field_path: string; outcome: string; entity_ids: string[]; consent_id: string | null }

async function auditRows(): Promise<Map<string, AuditRow[]>> {
  const byRequest = new Map<string, AuditRow[]>();
  for (const s of SERVICE_NAMES) {
    const rows = await t.sql<AuditRow>(s, `SELECT request_id, field_path, outcome, entity_ids, consent_id FROM audit_event WHERE request_id LIKE 'xa-%'`);
    for (const r of rows) (byRequest.get(`${s}|${r.request_id}`) ?? byRequest.set(`${s}|${r.request_id}`, []).get(`${s}|${r.request_id}`)!).push(r);
  }
  return byRequest;
}

function auditProblems(c: Case, rows: Map<string, AuditRow[]>): string[] {
  const of = (g: ServiceName) => rows.get(`${g}|${c.id}`) ?? [];
  const out: string[] = [];
  for (const e of c.expect.audit) {
    const hit = of(e.graph).find((r) => r.field_path === e.fieldPath && r.outcome === e.outcome && (!e.entityIds || e.entityIds.some((id) => r.entity_ids.includes(id))));
    if (!hit) out.push(`no ${e.outcome} audit record of ${e.fieldPath}${e.entityIds ? ` naming one of ${e.entityIds.join(', ')}` : ''} in ${e.graph}`);
    else if (e.consentId && !of(e.graph).some((r) => r.field_path === e.fieldPath && r.outcome === 'ALLOWED' && r.consent_id === e.consentId)) {
      out.push(`the ALLOWED audit record of ${e.fieldPath} does not name the consent ${e.consentId}`);
    }
  }
  for (const n of c.expect.notAllowed) {
    if (of(n.graph).some((r) => r.field_path === n.fieldPath && r.outcome === 'ALLOWED')) out.push(`an ALLOWED audit record of ${n.fieldPath}, which was never read`);
  }
  return out;
}

const report = (c: Case, problems: string[]) => `${c.id} ${c.role} [${c.kind}] ${describePath(c.path)}\n    ${c.rendered.query.replace(/\n/g, ' ')}\n    - ${problems.join('\n    - ')}`;

describe('authorization of every field, for every role', () => {
  it('covers every field of every subgraph (add canary values or NOT_REACHABLE reasons in test/authz/canary.ts)', () => {
    expect(uncovered).toEqual([]);
    const covered = new Set(cases.map((c) => c.path.steps.at(-1)!.field.coordinate));
    expect(model.fields.filter((f) => f.parent !== 'Mutation' && !NOT_REACHABLE[f.coordinate] && !covered.has(f.coordinate)).map((f) => f.coordinate)).toEqual([]);
  });

  it('probes every consent-gated field for the police roles both ways: released by the canary consent, and not', () => {
    expect(new Set(Object.values(CONSENTED))).toEqual(new Set([true, false]));
    for (const [coordinate, released] of Object.entries(CONSENTED)) {
      const gated = cases.filter((c) => {
        const last = c.path.steps.at(-1)!;
        return last.field.coordinate === coordinate && expectedDecision(c.role, classes.get(last.graph)!.get(coordinate)!) === 'consent';
      });
      expect([coordinate, gated.length > 0]).toEqual([coordinate, true]);
      const outcomes = new Set(gated.map((c) => c.expect.outcome.kind));
      expect([coordinate, [...outcomes]]).toEqual([coordinate, [released ? 'present' : 'denied']]);
    }
  });

  it('answers each probe as the policy says, and audits each denial and each allowed sensitive read', async () => {
    const send = await prober(t);
    const responses = await pool(cases, 16, (c) => send.send(c.role, c.path, c.rendered, c.id));
    const rows = await auditRows();
    const failures = cases.flatMap((c, i) => {
      const problems = [...problemsOf(c, responses[i]!, model, classes), ...auditProblems(c, rows)];
      return problems.length ? [report(c, problems)] : [];
    });
    if (process.env.AUTHZ_REPORT) fs.writeFileSync(process.env.AUTHZ_REPORT, failures.join('\n'));
    expect(failures.slice(0, 25)).toEqual([]);
    const kinds = (k: string) => cases.filter((c) => c.expect.outcome.kind === k).length;
    expect(kinds('present')).toBeGreaterThan(100);
    expect(kinds('denied')).toBeGreaterThan(100);
    expect(kinds('hidden')).toBeGreaterThan(0);
  }, 120_000);

  it('leaves every audit chain intact', async () => {
    const env = { HUB_ENV: 'test', HUB_STATE_DIR: t.config.stateDir, INCIDENTS_DATABASE_URL: t.databaseUrls.incidents, TIERING_DATABASE_URL: t.databaseUrls.tiering, VICTIM_SERVICES_DATABASE_URL: t.databaseUrls['victim-services'] };
    for (const r of await verifyTrails(loadConfig(env), SERVICE_NAMES, undefined)) expect({ trail: r.trail, problems: r.problems }).toEqual({ trail: r.trail, problems: [] });
  });
});
