/**
 * The baseline: a plain `@apollo/gateway` with default settings (ApolloServer + ApolloGateway on the
 * same supergraph, no limits, no plugins, Apollo's own HTTP server and fetcher), over the same
 * subgraphs. It verifies no client token: it passes each subgraph the identity header the benchmark
 * gives it for the role under test (the one our gateway would have signed), so it does strictly less
 * work per request than ours.
 */
import fs from 'node:fs';
import { ApolloGateway, RemoteGraphQLDataSource } from '@apollo/gateway';
import { ApolloServer } from '@apollo/server';
import { startStandaloneServer } from '@apollo/server/standalone';
import { INTERNAL_IDENTITY_HEADER, type ServiceName } from '@ipvi/core';

export interface PlainGatewaySpec {
  readonly supergraphFile: string;
  readonly subgraphUrls: Readonly<Record<ServiceName, string>>;
  /** The identity header for each subgraph. */
  readonly identities: Readonly<Record<ServiceName, string>>;
}

export async function startPlainGateway(spec: PlainGatewaySpec): Promise<{ url: string; stop(): Promise<void> }> {
  const gateway = new ApolloGateway({
    supergraphSdl: fs.readFileSync(spec.supergraphFile, 'utf8'),
    buildService({ name }) {
      const audience = name.toLowerCase().replace(/_/g, '-') as ServiceName;
      return new RemoteGraphQLDataSource({
        url: spec.subgraphUrls[audience],
        willSendRequest({ request }) {
          request.http?.headers.set(INTERNAL_IDENTITY_HEADER, spec.identities[audience]);
        },
      });
    },
  });
  const server = new ApolloServer({ gateway });
  const { url } = await startStandaloneServer(server, { listen: { port: 0, host: '127.0.0.1' } });
  return { url, stop: () => server.stop() };
}

/** In its own process: argv[2] is the spec as JSON; prints its URL as one JSON line. */
if (require.main === module) {
  void (async () => {
    const plain = await startPlainGateway(JSON.parse(process.argv[2]!) as PlainGatewaySpec);
    process.on('SIGTERM', () => void plain.stop().then(() => process.exit(0)));
    process.stdout.write(`${JSON.stringify({ url: plain.url })}\n`);
  })();
}
