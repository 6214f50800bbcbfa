import { randomUUID } from 'node:crypto';
import type { Clock } from '../clock.js';
import type { CourierEntry, CourierRegistry } from '../courier/registry.js';
import type { Shipment } from '../store/types.js';
import type { CheckOrigin } from './check-audit.js';
import type { Engine, LiveCheck } from './engine.js';

export type RefreshJobState = 'running' | 'finished' | 'stopped';

export interface RefreshJobFailure {
  courier: string;
  trackingNumber: string;
  error: string;
}

export interface RefreshJob {
  id: string;
  state: RefreshJobState;
  createdAt: Date;
  finishedAt: Date | null;
  total: number;
  done: number;
  /** Checked live, and the check brought a new status or event. */
  updated: number;
  /** Checked live, nothing new. */
  unchanged: number;
  /** Not answered live (courier paused, refused, unreachable …); the first few are in `failures`. */
  failed: number;
  failures: RefreshJobFailure[];
}

/** Jobs this instance remembers, newest kept; and failures one job names. */
const KEPT_JOBS = 100;
const KEPT_FAILURES = 20;

const brought = (before: Shipment, after: Shipment | null) => after !== null && (after.status !== before.status || after.lastEventAt !== before.lastEventAt);

/**
 * Bulk refreshes: each shipment is checked by the live check (`Engine.checkLive`, at manual priority),
 * one request per shipment. Each courier's shipments are fed to its limiter by as many workers as it has
 * slots, so a bulk job keeps the courier busy yet a single manual refresh waits behind at most that many of
 * its checks. Jobs live in this instance's memory: a restart forgets them, and stops them unfinished.
 */
export class BulkRefresh {
  readonly #jobs = new Map<string, RefreshJob>();
  #closed = false;

  constructor(private readonly deps: { engine: Engine; registry: CourierRegistry; clock: Clock }) {}

  /** Check `shipments` as asked by `by` (the audit log's who). */
  start(shipments: readonly Shipment[], by: string): RefreshJob {
    const job: RefreshJob = { id: randomUUID(), state: 'running', createdAt: this.deps.clock.now(), finishedAt: null, total: shipments.length, done: 0, updated: 0, unchanged: 0, failed: 0, failures: [] };
    this.#jobs.set(job.id, job);
    for (const id of [...this.#jobs.keys()].slice(0, Math.max(0, this.#jobs.size - KEPT_JOBS))) this.#jobs.delete(id);
    void this.#run(job, shipments, { trigger: 'bulk', by });
    return job;
  }

  get(id: string): RefreshJob | null {
    return this.#jobs.get(id) ?? null;
  }

  /** Stop feeding checks (service shutdown); the jobs end `stopped` after the checks in flight. */
  close(): void {
    this.#closed = true;
  }

  async #run(job: RefreshJob, shipments: readonly Shipment[], origin: CheckOrigin): Promise<void> {
    const byCourier = new Map<string, Shipment[]>();
    for (const s of shipments) {
      const list = byCourier.get(s.courier);
      if (list) list.push(s);
      else byCourier.set(s.courier, [s]);
    }
    await Promise.all([...byCourier].map(([courier, list]) => this.#refreshCourier(job, this.deps.registry.get(courier), list, origin)));
    job.state = job.done === job.total ? 'finished' : 'stopped';
    job.finishedAt = this.deps.clock.now();
  }

  async #refreshCourier(job: RefreshJob, entry: CourierEntry | undefined, shipments: readonly Shipment[], origin: CheckOrigin): Promise<void> {
    let next = 0;
    const worker = async () => {
      while (!this.#closed && next < shipments.length) await this.#refreshOne(job, entry, shipments[next++]!, origin);
    };
    await Promise.all(Array.from({ length: entry?.definition.concurrency ?? 1 }, worker));
  }

  async #refreshOne(job: RefreshJob, entry: CourierEntry | undefined, before: Shipment, origin: CheckOrigin): Promise<void> {
    const check: LiveCheck = entry
      ? await this.deps.engine.checkLive(entry, before.trackingNumber, origin).catch((error: unknown) => ({ shipment: null, liveError: error instanceof Error ? error.message : String(error) }))
      : { shipment: null, liveError: `unknown courier "${before.courier}"` };
    job.done += 1;
    if (check.liveError === null) {
      if (brought(before, check.shipment)) job.updated += 1;
      else job.unchanged += 1;
      return;
    }
    job.failed += 1;
    if (job.failures.length < KEPT_FAILURES) job.failures.push({ courier: before.courier, trackingNumber: before.trackingNumber, error: check.liveError });
  }
}
