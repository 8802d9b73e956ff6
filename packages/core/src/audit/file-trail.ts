/**
 * An audit trail in a JSON-lines file, hash-chained exactly like audit_event: the gateway's record
 * of authentication failures (the gateway has no database). One writer per file: appends are
 * serialised in the process, and the chain continues from the file's last line after a restart.
 */
import fs from 'node:fs';
import path from 'node:path';
import { chainEntries, verifyChain, type AuditRow, type ChainHead, type ChainReport } from './chain';
import type { AuditActor, AuditEntry } from './collector';

const TAIL_BYTES = 64 * 1024;

function parseLine(line: string): AuditRow {
  const raw = JSON.parse(line) as Omit<AuditRow, 'at'> & { at: string };
  return { ...raw, at: new Date(raw.at) };
}

/** The last event of a trail file, read from its tail (lines are short). */
async function headOf(file: string): Promise<ChainHead | undefined> {
  let handle: fs.promises.FileHandle;
  try {
    handle = await fs.promises.open(file, 'r');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw e;
  }
  try {
    const { size } = await handle.stat();
    const length = Math.min(size, TAIL_BYTES);
    const buf = Buffer.alloc(length);
    await handle.read(buf, 0, length, size - length);
    const last = buf
      .toString('utf8')
      .split('\n')
      .filter((l) => l.trim())
      .at(-1);
    if (!last) return undefined;
    const row = parseLine(last);
    return { seq: BigInt(row.seq), hash: row.hash };
  } finally {
    await handle.close();
  }
}

export class FileAuditTrail {
  private head: Promise<ChainHead | undefined> | undefined;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(readonly file: string) {}

  /** Appends one request's entries; resolves once they are on disk. */
  append(actor: AuditActor, entries: readonly AuditEntry[]): Promise<void> {
    const run = this.queue.then(() => this.write(actor, entries));
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async write(actor: AuditActor, entries: readonly AuditEntry[]): Promise<void> {
    if (entries.length === 0) return;
    try {
      this.head ??= headOf(this.file);
      const rows = chainEntries(await this.head, actor, entries, new Date());
      await fs.promises.mkdir(path.dirname(this.file), { recursive: true });
      await fs.promises.appendFile(this.file, rows.map((r) => `${JSON.stringify(r)}\n`).join(''), { mode: 0o600 });
      const last = rows.at(-1)!;
      this.head = Promise.resolve({ seq: BigInt(last.seq), hash: last.hash });
    } catch (e) {
      this.head = undefined; // read the file's tail again next time
      throw e;
    }
  }
}

/** Verifies a trail file; a missing file is an empty (intact) trail. */
export async function verifyAuditFile(file: string): Promise<ChainReport> {
  if (!fs.existsSync(file)) return verifyChain([]);
  const lines = (await fs.promises.readFile(file, 'utf8')).split('\n').filter((l) => l.trim());
  const problems: string[] = [];
  const rows: AuditRow[] = [];
  lines.forEach((l, i) => {
    try {
      rows.push(parseLine(l));
    } catch {
      problems.push(`line ${i + 1}: not a JSON audit event (altered)`);
    }
  });
  const report = await verifyChain(rows);
  return { ...report, problems: [...problems, ...report.problems] };
}
