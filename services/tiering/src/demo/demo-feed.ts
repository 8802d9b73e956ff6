/**
 * The demo replay's view of the incident feed: the same feed tiering's incident consumer reads (the
 * gateway's `incidentEvents`, the SERVICE_TIERING document), read ahead with each edge's cursor so
 * the replay can hand the consumer exactly the events that happened before a given demo instant.
 */
import { MAX_PAGE, incidentFeedDocument, serviceTokenSource, type ConsumerEnv, type FeedPage, type FeedSource, type IncidentFeedEvent } from '@ipvi/core';

interface Edge {
  readonly cursor: string;
  readonly node: IncidentFeedEvent;
}

const READ_AHEAD = MAX_PAGE;

/** The feed's document with each edge's cursor (the consumer's own document reads only the page's end cursor). */
const DOCUMENT = incidentFeedDocument('SERVICE_TIERING').replace('edges { node', 'edges { cursor node');

export class DemoFeed {
  private after: string | null = null;
  private edges: Edge[] = [];
  private more = true;
  private readonly token;

  /** Only events whose demo instant is before this one are handed to the consumer. */
  bound = Number.POSITIVE_INFINITY;

  constructor(
    private readonly env: ConsumerEnv,
    private readonly instantOf: (e: IncidentFeedEvent) => Date,
  ) {
    this.token = serviceTokenSource(env.config, 'tiering', 'SERVICE_TIERING');
  }

  /** The demo instant of the next event after `cursor`, or null when the feed is exhausted. */
  async nextInstant(cursor: string | null): Promise<Date | null> {
    const edges = await this.from(cursor);
    return edges[0] ? this.instantOf(edges[0].node) : null;
  }

  /** The consumer's source: the next events before `bound`, ending at the last one's own cursor. */
  readonly source: FeedSource<IncidentFeedEvent> = async (after, first): Promise<FeedPage<IncidentFeedEvent>> => {
    const edges = await this.from(after);
    const page: Edge[] = [];
    for (const e of edges) {
      if (page.length >= first || this.instantOf(e.node).getTime() >= this.bound) break;
      page.push(e);
    }
    // A full page may have more behind it; a page cut short by `bound` (or empty) ends this drain.
    return { events: page.map((e) => e.node), endCursor: page.at(-1)?.cursor ?? after, hasNextPage: page.length > 0 && page.length >= first };
  };

  /** The buffered edges after `cursor`, reading ahead through the gateway when the buffer runs out. */
  private async from(cursor: string | null): Promise<Edge[]> {
    let i = cursor === this.after ? 0 : this.edges.findIndex((e) => e.cursor === cursor) + 1;
    if (i === 0 && cursor !== this.after) [this.after, this.edges, this.more] = [cursor, [], true];
    if (i >= this.edges.length && this.more) {
      const page = await this.fetch(cursor);
      [this.after, this.edges, this.more, i] = [cursor, page.edges, page.more, 0];
    }
    return this.edges.slice(i);
  }

  private async fetch(after: string | null): Promise<{ edges: Edge[]; more: boolean }> {
    const res = await fetch(this.env.gatewayUrl(), {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${await this.token()}` },
      body: JSON.stringify({ query: DOCUMENT, variables: { after, first: READ_AHEAD } }),
      signal: AbortSignal.timeout(30_000),
    });
    const body = (await res.json()) as { data?: { incidentEvents?: { edges: Edge[]; pageInfo: { hasNextPage: boolean } } }; errors?: unknown[] };
    const conn = body.data?.incidentEvents;
    if (!res.ok || body.errors?.length || !conn) throw new Error(`demo history: the incident feed answered HTTP ${res.status}`);
    return { edges: conn.edges, more: conn.pageInfo.hasNextPage };
  }
}
