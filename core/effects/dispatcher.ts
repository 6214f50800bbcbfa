import type { FastifyBaseLogger } from 'fastify';
import type { Clock } from '../clock.js';
import type { OutboxStore } from '../store/port.js';
import type { OutboxMessage } from '../store/types.js';
import { Undeliverable, type EffectMessage, type Notice, type SideEffect } from './contract.js';
import type { EffectRouter } from './router.js';

const DEFAULT_MAX_ATTEMPTS = 32;
const DEFAULT_CONCURRENCY = 4;
const BASE_DELAY_MS = 30_000;
const MAX_DELAY_MS = 60 * 60_000;

/**
 * 30 s, 1 min, 2 min … capped at an hour: 32 attempts are retried for about a day (25 h). With `jitter`
 * (a number in [0, 1)) the delay grows by up to a quarter, never shrinks.
 */
export function retryDelayMs(attempt: number, jitter = 0): number {
  return Math.round(Math.min(BASE_DELAY_MS * 2 ** Math.max(attempt - 1, 0), MAX_DELAY_MS) * (1 + jitter / 4));
}

export interface DispatcherDeps {
  outbox: OutboxStore;
  effects: EffectRouter;
  clock: Clock;
  log: FastifyBaseLogger;
  owner: string;
  /** How long a claimed message is this instance's; a crashed instance's messages are delivered after it. */
  leaseMs: number;
  random?: () => number;
}

/**
 * Delivers outbox messages to their effects, at least once, never on the tracking path. A pass claims and
 * delivers until nothing is due; each effect has its own concurrency, and one shipment's messages to an
 * effect go one after another (the store hands out only the earliest pending one).
 */
export class OutboxDispatcher {
  #draining: Promise<number> | null = null;

  constructor(
    private readonly deps: DispatcherDeps,
    private readonly batchSize = 100,
  ) {}

  /** Deliver everything due now; concurrent calls share one pass. Returns how many deliveries were attempted. */
  drain(): Promise<number> {
    this.#draining ??= this.#pass().finally(() => {
      this.#draining = null;
    });
    return this.#draining;
  }

  /** Tell the effects that asked for this kind of notice (through the outbox, like every message). */
  async announce(notice: Omit<Notice, 'type' | 'at'>): Promise<void> {
    const { outbox, effects, clock } = this.deps;
    const items = effects.forNotice({ ...notice, type: 'notice', at: clock.now().toISOString() });
    if (items.length > 0) await outbox.enqueue(items, clock.now());
  }

  async #pass(): Promise<number> {
    const { outbox, clock, owner, leaseMs } = this.deps;
    let attempted = 0;
    for (;;) {
      const messages = await outbox.claim({ owner, now: clock.now(), limit: this.batchSize, leaseMs });
      if (messages.length === 0) return attempted;
      attempted += messages.length;
      const byEffect = new Map<string, OutboxMessage[]>();
      for (const m of messages) byEffect.set(m.effect, [...(byEffect.get(m.effect) ?? []), m]);
      await Promise.all([...byEffect].map(([name, queue]) => this.#deliverAll(this.deps.effects.get(name), queue)));
    }
  }

  /** `concurrency` workers take messages from the effect's queue. */
  async #deliverAll(effect: SideEffect | undefined, queue: OutboxMessage[]): Promise<void> {
    const workers = Math.max(1, effect?.concurrency ?? DEFAULT_CONCURRENCY);
    const next = () => queue.shift();
    await Promise.all(
      Array.from({ length: Math.min(workers, queue.length) }, async () => {
        for (let m = next(); m; m = next()) await this.#deliver(effect, m);
      }),
    );
  }

  async #deliver(effect: SideEffect | undefined, message: OutboxMessage): Promise<void> {
    const { outbox, clock, log } = this.deps;
    const attempt = message.attempts + 1;
    if (!effect) {
      await outbox.fail(message.id, message.lease, { error: `no side effect named "${message.effect}" is registered`, retryAt: null }, clock.now());
      return;
    }
    try {
      await effect.deliver(message.payload as unknown as EffectMessage, { log, attempt, dedupKey: message.dedupKey });
      await outbox.complete(message.id, message.lease, clock.now());
    } catch (error) {
      const text = error instanceof Error ? error.message : String(error);
      const giveUp = error instanceof Undeliverable || attempt >= (effect.maxAttempts ?? DEFAULT_MAX_ATTEMPTS);
      const jitter = effect.retryJitter ? (this.deps.random ?? Math.random)() : 0;
      const retryAt = giveUp ? null : new Date(clock.now().getTime() + retryDelayMs(attempt, jitter));
      log.warn({ effect: effect.name, attempt, giveUp, err: text }, giveUp ? `side effect ${effect.name} gave up: dead letter` : `side effect ${effect.name} failed`);
      await outbox.fail(message.id, message.lease, { error: text, retryAt }, clock.now());
    }
  }
}
