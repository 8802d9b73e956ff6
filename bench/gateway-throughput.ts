/**
 * Gateway throughput on the demo hub: a one-entity query that crosses two subgraphs, and a
 * 20-item list with tiers, at 50 connections. Prints requests/second and latency.
 * Usage: npx tsx bench/gateway-throughput.ts [--seconds N] [--connections N]
 */
import { loadTest, startBenchHub } from './lib/bench-hub';

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
}

async function main(): Promise<void> {
  if (process.argv.includes('--help')) {
    process.stdout.write('Usage: npx tsx bench/gateway-throughput.ts [--seconds 10] [--connections 50]\n');
    return;
  }
  const seconds = arg('seconds', 10);
  const connections = arg('connections', 50);
  const b = await startBenchHub();
  try {
    const token = await b.token('OFFICER');
    const first = await fetch(b.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query: '{ offenders(first: 1) { edges { node { id } } } }' }),
    });
    const id = ((await first.json()) as { data: { offenders: { edges: { node: { id: string } }[] } } }).data.offenders.edges[0]!.node.id;
    const cases = {
      'one entity (incidents + tiering)': { query: 'query($id: ID!) { offender(id: $id) { id name tier { level } } }', variables: { id } },
      'list of 20 with tiers': { query: '{ offenders(first: 20) { edges { node { id name dateOfBirth tier { level rule } } } } }' },
    };
    process.stdout.write(`gateway throughput, ${connections} connections, ${seconds} s each\n`);
    for (const [name, body] of Object.entries(cases)) {
      const r = await loadTest({ url: b.url, token, body, connections, seconds });
      process.stdout.write(
        `  ${name.padEnd(34)} ${r.rps.toFixed(0).padStart(6)} req/s   p50 ${r.p50} ms   p99 ${r.p99} ms   errors ${r.errors}   non-2xx ${r.non2xx}\n`,
      );
    }
  } finally {
    await b.stop();
  }
}

void main();
