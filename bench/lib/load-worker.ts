/**
 * The load generator, in its own process: autocannon on one URL, POSTing the spec's bodies in turn
 * (each request the next body, so ids differ from request to request). Prints one JSON line.
 * Usage: node --import tsx bench/lib/load-worker.ts SPEC.json
 */
import fs from 'node:fs';
import autocannon from 'autocannon';

interface Spec {
  url: string;
  headers: Record<string, string>;
  bodies: string[];
  connections: number;
  seconds: number;
}

async function main(): Promise<void> {
  const spec = JSON.parse(fs.readFileSync(process.argv[2]!, 'utf8')) as Spec;
  let next = 0;
  const result = await autocannon({
    url: spec.url,
    connections: spec.connections,
    duration: spec.seconds,
    method: 'POST',
    headers: spec.headers,
    requests: [
      {
        setupRequest: (req) => {
          const body = spec.bodies[next++ % spec.bodies.length]!;
          return { ...req, method: 'POST', body };
        },
      },
    ],
  });
  process.stdout.write(
    `${JSON.stringify({
      rps: result.requests.average,
      p50: result.latency.p50,
      p99: result.latency.p99,
      errors: result.errors + result.timeouts,
      non2xx: result.non2xx,
      requests: result.requests.total,
    })}\n`,
  );
}

void main();
