import type { CourierRuntime } from '../courier/runtime.js';
import type { HttpCall } from '../courier/transport.js';
import type { CanonicalStatus } from '../statuses.js';
import { emptyCounts, type ClaimedShipment, type RunCounts, type RunState } from '../store/types.js';
import { processBatch, type BatchEnv, type BatchVerdict } from './batch.js';
import { SCHEDULED } from './check-audit.js';
import type { EngineDeps } from './deps.js';

const DAY_MS = 86_400_000;

type Step = 'next' | 'done';

/** Claims waiting for another request: the retry after a token refresh, or halves of a refused batch. */
interface QueuedBatch {
  claims: readonly ClaimedShipment[];
  isRetry: boolean;
}

export interface RunOutcome {
  state: RunState;
  counts: RunCounts;
  error: string | null;
  /** For a paused run: until when (null: until an operator resumes the courier). */
  pausedUntil: Date | null;
  unmapped: string[];
  statuses: Partial<Record<CanonicalStatus, number>>;
}

/**
 * One run of one courier: expire shipments past their maximum age, then `concurrency` workers each
 * claim a batch inside a limiter slot (so a lease is only taken when the request can go out), ask the
 * courier, and write the results, until nothing is due, the per-run cap is met, or the courier pauses.
 */
export class RunExecutor {
  readonly counts = emptyCounts();
  readonly #unmapped = new Set<string>();
  readonly #statuses = new Map<CanonicalStatus, number>();
  readonly #queue: QueuedBatch[] = [];
  #reserved = 0;
  #stopError: string | null = null;
  /** Set when the run stops because the courier may not send now. */
  #paused: { until: Date | null } | null = null;
  #aborted = false;

  constructor(
    private readonly deps: EngineDeps,
    private readonly runtime: CourierRuntime,
    private readonly runId: string,
    private readonly reportCalls: (calls: readonly HttpCall[]) => void,
  ) {}

  /** Ask the run to stop after the batches in flight (service shutdown). */
  abort(): void {
    this.#aborted = true;
  }

  async execute(): Promise<RunOutcome> {
    const { store, clock } = this.deps;
    const { definition } = this.runtime;
    const now = clock.now();
    this.counts.expired = await store.shipments.expireStale(definition.name, new Date(now.getTime() - definition.polling.maxAgeDays * DAY_MS), now);
    await Promise.all(Array.from({ length: definition.concurrency }, () => this.#worker()));
    // A run that stopped early gives back what it had queued, untouched.
    const left = this.#queue.splice(0).flatMap((q) => q.claims);
    if (left.length > 0) await store.shipments.releaseLeases(left.map((c) => ({ shipmentId: c.shipment.id, lease: c.lease })));
    await store.runs.updateCounts(this.runId, this.counts, clock.now());
    return {
      state: this.#stopError === null ? 'succeeded' : this.#paused ? 'paused' : 'failed',
      counts: this.counts,
      error: this.#stopError,
      pausedUntil: this.#paused?.until ?? null,
      unmapped: [...this.#unmapped].sort(),
      statuses: Object.fromEntries(this.#statuses),
    };
  }

  #env(): BatchEnv {
    const { store, effects, pauses, clock, log, attentionAfterFailures } = this.deps;
    const batch = { runtime: this.runtime, counts: this.counts, unmapped: this.#unmapped, statuses: this.#statuses, runId: this.runId, reportCalls: this.reportCalls };
    return { store, effects, pauses, clock, log, attentionAfterFailures, origin: SCHEDULED, ...batch };
  }

  /**
   * A worker loops over limiter slots, one request each. Queued claims (a retry after a token refresh,
   * halves of a refused batch) take the next slot of whichever worker gets there first, never a slot
   * nested inside the one held, which could deadlock the limiter. A worker asks at retry priority while
   * claims are queued, so they go out before the scheduled slots already waiting.
   */
  async #worker(): Promise<void> {
    while ((await this.runtime.limiter.schedule(() => this.#slot(), this.#queue.length > 0 ? 'retry' : 'scheduled')) === 'next');
  }

  async #slot(): Promise<Step> {
    if (this.#stopError !== null || this.#aborted) return 'done';
    const queued = this.#queue.shift();
    if (queued) return this.#settle(await processBatch(this.#env(), queued.claims, queued.isRetry, true), queued.claims);
    return this.#claimAndProcess();
  }

  async #settle(verdict: BatchVerdict, claims: readonly ClaimedShipment[]): Promise<Step> {
    if (verdict.kind === 'retry_auth') {
      this.#queue.unshift({ claims, isRetry: true });
      return 'next';
    }
    if (verdict.kind === 'split') {
      this.#queue.unshift(...verdict.halves.map((half) => ({ claims: half, isRetry: false })));
      return 'next';
    }
    if (verdict.kind === 'stop') this.#stop(verdict.error, verdict.paused ?? null);
    await this.deps.store.runs.updateCounts(this.runId, this.counts, this.deps.clock.now());
    return verdict.kind === 'stop' ? 'done' : 'next';
  }

  /** Claim a batch of due shipments and process it. */
  async #claimAndProcess(): Promise<Step> {
    const { definition } = this.runtime;
    const { store, clock, owner, leaseMs } = this.deps;
    if (await this.#stoppedByPause()) return 'done';
    const take = Math.min(definition.batchSize, definition.schedule.maxPerRun - this.counts.claimed - this.#reserved);
    if (take <= 0) return 'done';
    this.#reserved += take;
    const claims = await store.shipments.claimDue(definition.name, { owner, now: clock.now(), limit: take, leaseMs }).finally(() => {
      this.#reserved -= take;
    });
    if (claims.length === 0) return 'done';
    this.counts.claimed += claims.length;
    return this.#settle(await processBatch(this.#env(), claims, false), claims);
  }

  /** The first reason to stop is the run's; later workers stopping for the same cause change nothing. */
  #stop(error: string, paused: { until: Date | null } | null): void {
    if (this.#stopError !== null) return;
    this.#stopError = error;
    this.#paused = paused;
  }

  async #stoppedByPause(): Promise<boolean> {
    const pause = await this.deps.gate.closed(this.runtime.definition);
    if (pause) this.#stop(`courier paused: ${pause.reason}`, { until: pause.until });
    return pause !== null;
  }
}
