/** The records import: the sample export round-trips, re-runs change nothing, changed rows amend, bad rows are named by line. */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { runImport, type ImportOptions } from '@ipvi/incidents/src/import/run';
import { main as importCommand } from '@ipvi/incidents/src/cli/import';
import { startTestHub, type TestHub } from './harness/hub';
import { incidentInput, tableCounts } from './fixtures/incidents';

const ROOT = path.resolve(__dirname, '..');
const SAMPLE = path.join(ROOT, 'services/incidents/samples/rms-export.csv');
const run = promisify(execFile);
let t: TestHub;
let tmp: string;

beforeAll(async () => {
  t = await startTestHub();
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'ipvi-import-'));
});
afterAll(async () => {
  await t.stop();
  fs.rmSync(tmp, { recursive: true, force: true });
});

async function importFile(file: string, over: Partial<ImportOptions> = {}) {
  const report: string[] = [];
  const counts = await runImport({
    file,
    format: file.endsWith('.csv') ? 'csv' : 'jsonl',
    batchSize: 20,
    ds: t.hub.services.incidents.dataSource,
    agencies: t.config.partnership.policeAgencies,
    now: new Date(),
    actor: { requestId: 'import-test-1', subject: 'test', role: 'RECORDS_IMPORT', agency: 'NC0410200', operation: 'import test' },
    report: (l) => report.push(l),
    ...over,
  });
  return { counts, report };
}

describe('the records import', () => {
  it('imports the sample export, naming each rejected row by line and column, and a re-run changes nothing', async () => {
    const first = await importFile(SAMPLE);
    expect(first.counts).toMatchObject({ rows: 51, created: 45, amended: 0, unchanged: 0, rejected: 6 });
    expect(first.report).toEqual([
      'line 9: rejected: offenses (item 2): is not a known NIBRS offense code',
      'line 16: rejected: occurred_at: must be an ISO-8601 date and time with a zone, e.g. 2026-01-31T22:15:00Z',
      'line 23: rejected: occurred_at: must not be in the future',
      'line 30: rejected: relationship_code: is required for a crime against a person (13B)',
      'line 37: rejected: agency_ori: must be an ORI: 9 characters, 2 letters then 7 letters or digits',
      'line 44: rejected: victim1_dob: must be a real calendar date, YYYY-MM-DD; charge1_statute: is not a General Statutes citation, e.g. 14-33(c)(2)',
    ]);
    const before = await tableCounts(t);
    const again = await importFile(SAMPLE);
    expect(again.counts).toMatchObject({ created: 0, amended: 0, unchanged: 45, rejected: 6 });
    expect(await tableCounts(t)).toEqual(before);

    const [imported] = await t.sql<{ id: string }>('incidents', `SELECT id FROM incident WHERE rms_number = 'HP26-100104'`);
    const res = await t.query<{ incident: { offenses: { code: string }[]; victims: { phone: string }[]; charges: { disposition: string }[] } }>(
      'OFFICER',
      'query($id: ID!) { incident(id: $id) { offenses { code } victims { phone } charges { disposition } } }',
      { id: imported!.id },
    );
    expect(res.data!.incident).toEqual({ offenses: [{ code: '13B' }], victims: [{ phone: '+13365550196' }], charges: [{ disposition: 'DISMISSED' }] });
    const audit = await t.sql(
      'incidents',
      `SELECT 1 FROM audit_event WHERE field_path = 'import.recordIncident' AND role = 'RECORDS_IMPORT' AND $1 = ANY(entity_ids)`,
      [imported!.id],
    );
    expect(audit).toHaveLength(1);
  });

  it('turns a changed row into an amendment (new version, INCIDENT_AMENDED) and leaves the others unchanged', async () => {
    const changed = path.join(tmp, 'changed.csv');
    fs.writeFileSync(changed, fs.readFileSync(SAMPLE, 'utf8').replace('Synthetic sample narrative 2:', 'Corrected sample narrative 2:'));
    const { counts } = await importFile(changed);
    expect(counts).toMatchObject({ created: 0, amended: 1, unchanged: 44, rejected: 6 });
    const [row] = await t.sql<{ version: number; types: string[] }>(
      'incidents',
      `SELECT i.version, array_agg(e.type ORDER BY e.seq) AS types FROM incident i JOIN incident_event e ON e.incident_id = i.id WHERE i.rms_number = 'HP26-100104' GROUP BY i.version`,
    );
    expect(row).toEqual({ version: 2, types: ['INCIDENT_RECORDED', 'INCIDENT_AMENDED'] });
  });

  it('reads JSON lines in the recordIncident input shape, applying repeated RMS numbers in file order', async () => {
    const file = path.join(tmp, 'export.jsonl');
    const a = incidentInput();
    const lines = [
      JSON.stringify(a),
      '{ not json',
      JSON.stringify(incidentInput({ offenses: ['13Z'] })),
      '',
      JSON.stringify({ ...a, narrative: 'Later line wins.' }),
    ];
    fs.writeFileSync(file, `${lines.join('\n')}\n`);
    const { counts, report } = await importFile(file);
    expect(counts).toMatchObject({ rows: 4, created: 1, amended: 1, rejected: 2 });
    expect(report).toEqual(['line 2: rejected: row: is not valid JSON', 'line 3: rejected: offenses[0]: is not a known NIBRS offense code']);
    const [row] = await t.sql<{ narrative: string; version: number }>('incidents', 'SELECT narrative, version FROM incident WHERE rms_number = $1', [
      a.rmsNumber,
    ]);
    expect(row).toEqual({ narrative: 'Later line wins.', version: 2 });
  });

  it('runs as `npm run import` against the configured database: --help, usage errors, a summary, and --strict exits 1 on rejected rows', async () => {
    // `node --require scripts/load-ts.js`: the script through tsx's CommonJS hook, as npm start runs the hub (without the tsx CLI's
    // extra process and ESM loader thread). One real process (its
    // environment, output and exit status); --help and the usage error run the same command in this process, as a child
    // process costs ~2.5 s of CPU to load the hub's modules.
    const cli = path.join(ROOT, 'services/incidents/src/cli/import.ts');
    const env = { ...process.env, INCIDENTS_DATABASE_URL: t.databaseUrls.incidents, HUB_ENV: 'test', LOG_LEVEL: 'error' };
    const inProcess = async (args: string[]) => {
      const out = { stdout: '', stderr: '' };
      const code = await importCommand(args, { stdout: (text) => void (out.stdout += text), stderr: (text) => void (out.stderr += text) });
      return { code, ...out };
    };
    const [help, missing, res] = await Promise.all([
      inProcess(['--help']),
      inProcess([path.join(tmp, 'missing.csv')]),
      run(process.execPath, ['--require', './scripts/load-ts.js', cli, SAMPLE, '--strict', '--quiet'], { cwd: ROOT, env }).catch(
        (e: { code: number; stdout: string }) => e,
      ),
    ]);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/^Usage: npm run import -- FILE/);
    expect(missing).toMatchObject({ code: 2, stderr: expect.stringMatching(/^cannot read .*missing\.csv\n/) });
    expect('code' in res ? res.code : 0).toBe(1);
    expect(res.stdout).toMatch(/^line 9: rejected: offenses \(item 2\)/);
    // The sample restores the row the test above changed: one amendment back.
    expect(res.stdout).toMatch(/51 rows in [\d.]+ s: 0 created, 1 amended, 44 unchanged, 6 rejected\n$/);
  });
});
