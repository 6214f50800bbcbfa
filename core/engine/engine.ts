import type { CourierEntry } from '../courier/registry.js';
import type { CourierRuntime } from '../courier/runtime.js';
import type { HttpCall } from '../courier/transport.js';
import type { CanonicalStatus } from '../statuses.js';
import type { Run, RunCounts, RunTrigger, Shipment } from '../store/types.js';
import { emptyCounts } from '../store/types.js';
import { SYSTEM_ACTOR } from '../store/check-log.js';
import { processBatch, type BatchVerdict } from './batch.js';
import type { CheckOrigin } from './check-audit.js';
import type { EngineDeps } from './deps.js';
import { startHeartbeat } from './heartbeat.js';
import { RunExecutor } from './run.js';

export type StartOutcome =
  | { kind: 'started'; run: Run; done: Promise<Run> }
  | { kind: 'skipped'; run: Run }
  | { kind: 'in_progress'; runId: string }
  | { kind: 'unavailable'; reason: string };

export interface LiveCheck {
  shipment: Shipment | null;
  liveError: string | null;
}

/** Why a courier without a polling runtime is not asked: push-only, polling credentials missing, or disabled. */
function notPolled(entry: CourierEntry): string {
  if (entry.definition.mode === 'push') return `courier ${entry.name} is not polled: its updates arrive by webhook (mode push)`;
  if (entry.pollingOffReason) return `courier ${entry.name} is heard by webhook only: ${entry.pollingOffReason}`;
  return `courier ${entry.name} is disabled: ${entry.disabledReason}`;
}

/** Why a live check's answer is not the courier's, stored (null: it is). */
function liveCheckError(verdict: BatchVerdict | null, counts: RunCounts): string | null {
  if (verdict === null) return 'another check of this shipment is in progress';
  if (verdict.kind === 'retry_auth') return 'authentication failed';
  if ('error' in verdict && verdict.error) return verdict.error;
  if (counts.leaseLost > 0) return 'the courier answered, but the answer was not stored: the lease on the shipment ran out before it could be written';
  return null;
}

/** Starts runs (never two of one courier at once in this instance), pauses couriers, and does live checks. */
export class Engine {
  readonly #running = new Map<string, { runId: string; executor: RunExecutor; done: Promise<Run> }>();
  readonly #starting = new Map<string, Promise<unknown>>();
  readonly #listeners: ((run: Run, unmapped: readonly string[]) => void)[] = [];
  readonly #liveListeners: ((courier: string, counts: RunCounts, unmapped: readonly string[]) => void)[] = [];
  readonly #callListeners: ((calls: readonly HttpCall[]) => void)[] = [];

  constructor(readonly deps: EngineDeps) {}

  /** Called after every finished or skipped run (metrics, logs). */
  onRunFinished(listener: (run: Run, unmapped: readonly string[]) => void): void {
    this.#listeners.push(listener);
  }

  /** Called after every live check (metrics): its counts and the raw statuses it met that have no row. */
  onLiveCheck(listener: (courier: string, counts: RunCounts, unmapped: readonly string[]) => void): void {
    this.#liveListeners.push(listener);
  }

  /** Called after each batch a run or live check sends with the requests it sent the courier (metrics). */
  onCourierCalls(listener: (calls: readonly HttpCall[]) => void): void {
    this.#callListeners.push(listener);
  }

  readonly #reportCalls = (calls: readonly HttpCall[]): void => {
    for (const listener of this.#callListeners) listener(calls);
  };

  runningRunId(courier: string): string | null {
    return this.#running.get(courier)?.runId ?? null;
  }

  /**
   * Start a run unless one of this courier is running. Starts of one courier are serialized: two
   * triggers in the same tick (cron, HTTP, run-on-start) must not both pass the "not running" check.
   */
  startRun(courier: string, trigger: RunTrigger): Promise<StartOutcome> {
    const attempt = (this.#starting.get(courier) ?? Promise.resolve()).then(() => this.#start(courier, trigger));
    this.#starting.set(courier, attempt.catch(() => undefined));
    return attempt;
  }

  async #start(courier: string, trigger: RunTrigger): Promise<StartOutcome> {
    const entry = this.deps.registry.get(courier);
    if (!entry) return { kind: 'unavailable', reason: `unknown courier "${courier}"` };
    if (!entry.runtime) return { kind: 'unavailable', reason: notPolled(entry) };
    const running = this.#running.get(courier);
    if (running) return { kind: 'in_progress', runId: running.runId };
    const { store, clock, owner, gate } = this.deps;
    const pause = await gate.closed(entry.definition);
    if (pause) {
      const run = await store.runs.create({ courier, trigger, state: 'skipped', owner, startedAt: clock.now(), pausedUntil: pause.until });
      await this.#report(run, [], {});
      this.deps.log.info({ courier, pausedUntil: pause.until, reason: pause.reason }, `run of ${courier} skipped: ${pause.reason}`);
      return { kind: 'skipped', run };
    }
    const run = await store.runs.create({ courier, trigger, state: 'running', owner, startedAt: clock.now() });
    const executor = new RunExecutor(this.deps, entry.runtime, run.id, this.#reportCalls);
    const done = this.#finish(run, executor);
    this.#running.set(courier, { runId: run.id, executor, done });
    return { kind: 'started', run, done };
  }

  async #finish(run: Run, executor: RunExecutor): Promise<Run> {
    const { store, clock, log } = this.deps;
    const stopHeartbeat = startHeartbeat({ runs: store.runs, clock, log, leaseMs: this.deps.leaseMs }, run.id);
    try {
      const result = await executor.execute().catch((error: unknown) => ({
        state: 'failed' as const,
        counts: executor.counts,
        error: error instanceof Error ? error.message : String(error),
        pausedUntil: null,
        unmapped: [],
        statuses: {},
      }));
      const { state, counts, error, pausedUntil, unmapped } = result;
      await store.runs.finish(run.id, { state, finishedAt: clock.now(), counts, error, pausedUntil, unmappedStatuses: unmapped });
      const finished = (await store.runs.get(run.id))!;
      await this.#report(finished, result.unmapped, result.statuses);
      log.info({ courier: run.courier, runId: run.id, state: result.state, counts: result.counts, error: result.error }, `run of ${run.courier} ${result.state}`);
      return finished;
    } finally {
      stopHeartbeat();
      this.#running.delete(run.courier);
    }
  }

  async #report(run: Run, unmappedStatuses: string[], statuses: Partial<Record<CanonicalStatus, number>>): Promise<void> {
    for (const listener of this.#listeners) listener(run, unmappedStatuses);
    const outbox = this.deps.effects.forRunReport({ type: 'run.finished', run, unmappedStatuses, statuses });
    if (outbox.length > 0) await this.deps.store.outbox.enqueue(outbox, this.deps.clock.now());
  }

  /** Run and wait for the end; for the scheduler, which must not overlap a courier's runs. */
  async runToCompletion(courier: string, trigger: RunTrigger): Promise<Run | null> {
    const outcome = await this.startRun(courier, trigger);
    if (outcome.kind === 'started') return outcome.done;
    if (outcome.kind === 'skipped') return outcome.run;
    return null;
  }

  /**
   * Close the runs of other instances that stopped sending heartbeats more than a lease ago (they died), as
   * `abandoned` with the counts they had written, and report them like any finished run.
   */
  async closeAbandonedRuns(): Promise<Run[]> {
    const { store, clock, owner, leaseMs, log } = this.deps;
    const now = clock.now();
    const closed = await store.runs.abandonStale({ cutoff: new Date(now.getTime() - leaseMs), now, exceptOwner: owner });
    for (const run of closed) {
      await this.#report(run, run.unmappedStatuses, {});
      log.warn({ courier: run.courier, runId: run.id, owner: run.owner, counts: run.counts }, `run of ${run.courier} abandoned: ${run.error}`);
    }
    return closed;
  }

  /**
   * Ask the courier now about one shipment, through the courier's limiter, and store the result. On any
   * failure the stored shipment is returned with the reason in `liveError`. `origin` says who asked (the audit log).
   */
  async checkLive(entry: CourierEntry, trackingNumber: string, origin: CheckOrigin = { trigger: 'manual', by: SYSTEM_ACTOR }): Promise<LiveCheck> {
    const { store, clock, owner, leaseMs, gate } = this.deps;
    const cached = () => store.shipments.get(entry.name, trackingNumber);
    if (!entry.runtime) return { shipment: await cached(), liveError: notPolled(entry) };
    const pause = await gate.closed(entry.definition);
    if (pause) return { shipment: await cached(), liveError: `courier paused: ${pause.reason}` };
    const runtime: CourierRuntime = entry.runtime;
    const env = { ...this.deps, runtime, counts: emptyCounts(), unmapped: new Set<string>(), statuses: new Map<CanonicalStatus, number>(), runId: null, reportCalls: this.#reportCalls, origin };
    // The lease is taken inside the limiter slot, as a run's are: taken before queueing, it could expire in
    // the queue, and the courier's answer would then be dropped unstored.
    const check = (isRetry: boolean) =>
      runtime.limiter.schedule(async () => {
        const claim = await store.shipments.claimOne(entry.name, trackingNumber, { owner, now: clock.now(), leaseMs });
        return claim ? processBatch(env, [claim], isRetry) : null;
      }, 'manual');
    let verdict = await check(false);
    if (verdict?.kind === 'retry_auth') verdict = await check(true);
    for (const listener of this.#liveListeners) listener(entry.name, env.counts, [...env.unmapped]);
    return { shipment: await cached(), liveError: liveCheckError(verdict, env.counts) };
  }

  /** Stop starting batches and wait for the runs in flight to write what they have. */
  async close(): Promise<void> {
    for (const { executor } of this.#running.values()) executor.abort();
    await Promise.allSettled([...this.#running.values()].map((r) => r.done));
  }
}
