/**
 * One SIGTERM/SIGINT handler per process (Apollo's own are turned off): the first signal stops the
 * process gracefully (stop accepting, drain in-flight requests, close pools and the embedded
 * PostgreSQL) and exits 0; a second signal, or a stop that overruns its bound, exits at once.
 */
import { errorFields, type Logger } from '../logger';

export function stopOnSignals(log: Logger, stop: (signal: NodeJS.Signals) => Promise<void>, boundMs: number): void {
  let stopping = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (stopping) {
      log.warn('second signal: exiting without waiting', { signal });
      process.exit(1);
    }
    stopping = true;
    log.info('stopping: draining in-flight requests', { signal, boundMs });
    setTimeout(() => {
      log.error('stop overran its bound; exiting', { boundMs });
      process.exit(1);
    }, boundMs).unref();
    stop(signal).then(
      () => {
        log.info('stopped', { signal });
        process.exit(0);
      },
      (e: unknown) => {
        log.error('stop failed', errorFields(e));
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
}
