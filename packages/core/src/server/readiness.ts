/**
 * What `/ready` says of a subgraph process: whether it can serve. Its database answers, its keys
 * are loaded (it would not have started without them), and each feed it consumes is not refused
 * nor stuck. 200 when all hold, 503 naming what does not.
 */
import type { DataSource } from 'typeorm';
import type { FeedHealth } from '../feed/consumer';
import type { RouteHandler } from './http';

/** True when the database answers `SELECT 1` within `timeoutMs`. */
export async function databaseAnswers(ds: DataSource, timeoutMs = 2000): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<boolean>((resolve) => {
    timer = setTimeout(() => resolve(false), timeoutMs);
  });
  try {
    return await Promise.race([
      ds.query('SELECT 1').then(
        () => true,
        () => false,
      ),
      timeout,
    ]);
  } finally {
    clearTimeout(timer);
  }
}

export function subgraphReadyRoute(service: string, ds: DataSource, feeds: () => readonly FeedHealth[]): RouteHandler {
  return async () => {
    const database = (await databaseAnswers(ds)) ? 'ok' : 'unreachable';
    const feedStates = feeds();
    const ready = database === 'ok' && feedStates.every((f) => f.ready);
    const body = { status: ready ? 'ready' : 'unavailable', service, database, keys: 'ok', feeds: feedStates };
    return { status: ready ? 200 : 503, body };
  };
}
