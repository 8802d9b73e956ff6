/** Summarises a V8 .cpuprofile (node --cpu-prof): self time by package or module, and by function. */
import fs from 'node:fs';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
}
interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}
export interface Share {
  readonly name: string;
  readonly percent: number;
}

/** node_modules/<package> (scoped kept), our own files by folder, node's internals as one. */
function moduleOf(url: string, fn: string): string {
  if (!url) return fn === '(garbage collector)' ? '(garbage collector)' : fn === '(idle)' || fn === '(program)' ? fn : '(native)';
  const nm = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (nm) return nm[1]!;
  if (url.startsWith('node:')) return `node:${url.slice(5).split('/')[0]}`;
  const own = /\/(packages\/[^/]+\/src\/[^/]+|gateway\/src\/[^/]+|services\/[^/]+|bench|scripts)/.exec(url);
  return own ? own[1]! : url;
}

export function summarizeProfile(file: string): { byModule: Share[]; byFunction: Share[] } {
  const p = JSON.parse(fs.readFileSync(file, 'utf8')) as CpuProfile;
  const nodes = new Map(p.nodes.map((n) => [n.id, n]));
  const self = new Map<number, number>();
  p.samples.forEach((id, i) => self.set(id, (self.get(id) ?? 0) + (p.timeDeltas[i] ?? 0)));
  let busy = 0;
  const mods = new Map<string, number>();
  const fns = new Map<string, number>();
  for (const [id, t] of self) {
    const f = nodes.get(id)!.callFrame;
    // Idle time, and the profiler's own stop (the inspector's native dispatch), are not the gateway's work.
    if (f.functionName === '(idle)' || (f.functionName === 'dispatch' && !f.url)) continue;
    busy += t;
    const mod = moduleOf(f.url, f.functionName);
    mods.set(mod, (mods.get(mod) ?? 0) + t);
    const fn = `${f.functionName || '(anonymous)'} ${mod}${f.url ? `:${f.lineNumber + 1}` : ''}`;
    fns.set(fn, (fns.get(fn) ?? 0) + t);
  }
  const rank = (m: Map<string, number>) => [...m].sort((a, b) => b[1] - a[1]).map(([name, t]) => ({ name, percent: Math.round((t / busy) * 1000) / 10 }));
  return { byModule: rank(mods), byFunction: rank(fns) };
}
