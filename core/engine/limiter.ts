import Bottleneck from 'bottleneck';
import type { CourierDefinition } from '../courier/definition.js';
import type { QuotaWindow } from './quota-window.js';
import type { SharedLimits } from './shared-limits.js';
import { SlidingWindow } from './sliding-window.js';

/**
 * Who waits for a check, as Bottleneck priorities (0–9, lower first): a manual refresh (single or bulk)
 * before a retry (after a token refresh or a split batch) before a run's scheduled checks. Seed 003's job
 * queue numbers these 50 / 75 / 100 on its own scale; only the order carries over.
 */
export const CHECK_PRIORITY = { manual: 1, retry: 4, scheduled: 6 } as const;

export type CheckPriority = keyof typeof CHECK_PRIORITY;

/** The declared per-worker spacing, shared by the workers: the least time between two request starts. */
export function minTimeMs(definition: CourierDefinition): number {
  return Math.ceil(definition.spacingMs / definition.concurrency);
}

/**
 * One courier's limiter: Bottleneck bounds the slots in flight (the declared concurrency) and their
 * spacing, and orders the waiting ones; the sliding window keeps every window of the declared length
 * within the declared quota, exactly, while letting the whole quota be used. A slot opens when the window
 * has room (so work is claimed only when its request can go out), and each API request takes its place in
 * the window right before it is sent and is dated when its answer is in: what the courier counts is
 * requests, not slots. With `shared`, both are kept in Redis for every instance.
 */
export class CourierLimiter {
  readonly #bottleneck: Bottleneck;
  readonly #window: QuotaWindow;

  constructor(definition: CourierDefinition, shared?: SharedLimits) {
    this.#bottleneck = new Bottleneck({
      maxConcurrent: definition.concurrency,
      minTime: minTimeMs(definition),
      id: `waybill-${definition.name}`,
      ...shared?.bottleneckOptions(),
    });
    this.#window = shared ? shared.windowFor(definition) : new SlidingWindow(definition.quota.requests, definition.quota.windowSeconds * 1000);
  }

  /** Run `job` in a slot, once the window has room for its request; a waiting job of higher priority goes first. */
  schedule<T>(job: () => Promise<T>, priority: CheckPriority = 'scheduled'): Promise<T> {
    return this.#bottleneck.schedule({ priority: CHECK_PRIORITY[priority] }, async () => {
      await this.#window.room();
      return job();
    });
  }

  /** Resolves when one API request may be sent now, and counts it; call what it gives once the answer is in. */
  beforeRequest(): Promise<() => void> {
    return this.#window.acquire();
  }

  async stop(): Promise<void> {
    await this.#bottleneck.stop({ dropWaitingJobs: true }).catch(() => undefined);
  }
}
