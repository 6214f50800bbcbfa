import type { FastifyBaseLogger } from 'fastify';
import type { Clock } from '../clock.js';
import type { RunStore } from '../store/port.js';

/**
 * A third of the lease: two beats may be missed (a slow store, a long pause of the event loop) before
 * another instance takes the run for dead.
 */
export const heartbeatIntervalMs = (leaseMs: number) => Math.max(1, Math.floor(leaseMs / 3));

/** Beats for one running run until stopped. A beat that fails is logged; the next one tries again. */
export function startHeartbeat(deps: { runs: RunStore; clock: Clock; log: FastifyBaseLogger; leaseMs: number }, runId: string): () => void {
  const timer = setInterval(() => {
    deps.runs.heartbeat(runId, deps.clock.now()).catch((error: unknown) => deps.log.warn({ err: error, runId }, 'run heartbeat failed'));
  }, heartbeatIntervalMs(deps.leaseMs));
  timer.unref();
  return () => clearInterval(timer);
}
