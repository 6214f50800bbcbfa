import type { CourierRuntime } from '../courier/runtime.js';
import type { RunCounts, RunState } from '../store/types.js';
import { emptyCounts } from '../store/types.js';
import type { ClaimedShipment } from '../store/types.js';
import { processBatch, type BatchEnv, type BatchVerdict } from './batch.js';
import type { EngineDeps } from './deps.js';

const DAY_MS = 86_400_000;

type Step = { kind: 'next' } | { kind: 'done' } | { kind: 'retry'; claims: readonly ClaimedShipment[] };

export interface RunResult {
  state: RunState;
  counts: RunCounts;
  error: string | null;
  unmapped: string[];
}

/**
 * One run of one courier: expire shipments past their maximum age, then `concurrency` workers each
 * claim a batch inside a limiter slot (so a lease is only taken when the request can go out), ask the
 * courier, and write the results, until nothing is due, the per-run cap is met, or the courier pauses.
 */
export class RunExecutor {
  readonly counts = emptyCounts();
  readonly #unmapped = new Set<string>();
  #reserved = 0;
  #stopError: string | null = null;
  #aborted = false;

  constructor(
    private readonly deps: EngineDeps,
    private readonly runtime: CourierRuntime,
    private readonly runId: string,
  ) {}

  /** Ask the run to stop after the batches in flight (service shutdown). */
  abort(): void {
    this.#aborted = true;
  }

  async execute(): Promise<RunResult> {
    const { store, clock } = this.deps;
    const { definition } = this.runtime;
    const now = clock.now();
    this.counts.expired = await store.expireStale(definition.name, new Date(now.getTime() - definition.polling.maxAgeDays * DAY_MS), now);
    await Promise.all(Array.from({ length: definition.concurrency }, () => this.#worker()));
    await store.updateRunCounts(this.runId, this.counts);
    return {
      state: this.#stopError === null ? 'succeeded' : 'failed',
      counts: this.counts,
      error: this.#stopError,
      unmapped: [...this.#unmapped].sort(),
    };
  }

  #env(): BatchEnv {
    const { store, effects, pauses, clock, log } = this.deps;
    return { store, effects, pauses, clock, log, runtime: this.runtime, counts: this.counts, unmapped: this.#unmapped, runId: this.runId };
  }

  /**
   * A worker loops over limiter slots. A retry after a token refresh is one more request: it takes the
   * worker's next slot (never a slot nested inside the one it holds, which could deadlock the limiter).
   */
  async #worker(): Promise<void> {
    let retry: readonly ClaimedShipment[] | null = null;
    for (;;) {
      const step: Step = await this.runtime.limiter.schedule(() => (retry ? this.#retry(retry) : this.#step()));
      if (step.kind === 'done') return;
      retry = step.kind === 'retry' ? step.claims : null;
    }
  }

  async #retry(claims: readonly ClaimedShipment[]): Promise<Step> {
    return this.#settle(await processBatch(this.#env(), claims, true), claims);
  }

  async #settle(verdict: BatchVerdict, claims: readonly ClaimedShipment[]): Promise<Step> {
    if (verdict.kind === 'retry_auth') return { kind: 'retry', claims };
    if (verdict.kind === 'stop') this.#stopError ??= verdict.error;
    await this.deps.store.updateRunCounts(this.runId, this.counts);
    return verdict.kind === 'stop' ? { kind: 'done' } : { kind: 'next' };
  }

  /** One limiter slot: claim a batch and process it. */
  async #step(): Promise<Step> {
    if (this.#stopError !== null || this.#aborted) return { kind: 'done' };
    const { definition } = this.runtime;
    const { store, clock, owner, leaseMs } = this.deps;
    if (await this.#stoppedByPause()) return { kind: 'done' };
    const take = Math.min(definition.batchSize, definition.schedule.maxPerRun - this.counts.claimed - this.#reserved);
    if (take <= 0) return { kind: 'done' };
    this.#reserved += take;
    const claims = await store.claimDue(definition.name, { owner, now: clock.now(), limit: take, leaseMs }).finally(() => {
      this.#reserved -= take;
    });
    if (claims.length === 0) return { kind: 'done' };
    this.counts.claimed += claims.length;
    return this.#settle(await processBatch(this.#env(), claims, false), claims);
  }

  async #stoppedByPause(): Promise<boolean> {
    const { definition } = this.runtime;
    const pause = await this.deps.pauses.current(definition.name);
    if (pause) {
      this.#stopError ??= `courier paused: ${pause.reason}`;
      return true;
    }
    if (definition.quota.daily !== undefined) {
      const now = this.deps.clock.now();
      const dayStart = new Date(Math.floor(now.getTime() / DAY_MS) * DAY_MS);
      if ((await this.deps.store.countApiCalls(definition.name, dayStart)) >= definition.quota.daily) {
        const until = new Date(dayStart.getTime() + DAY_MS);
        await this.deps.pauses.pauseUntil(definition.name, until, `daily budget of ${definition.quota.daily} requests used`);
        this.#stopError ??= `daily budget of ${definition.quota.daily} requests used; paused until ${until.toISOString()}`;
        return true;
      }
    }
    return false;
  }
}
