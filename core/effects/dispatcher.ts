import type { FastifyBaseLogger } from 'fastify';
import type { Clock } from '../clock.js';
import type { OutboxStore } from '../store/port.js';
import type { OutboxMessage } from '../store/types.js';
import type { EffectMessage } from './contract.js';
import type { EffectRouter } from './router.js';

const DEFAULT_MAX_ATTEMPTS = 30;
const BASE_DELAY_MS = 30_000;
const MAX_DELAY_MS = 60 * 60_000;

/** 30 s, 1 min, 2 min … capped at an hour: with 30 attempts a message is retried for about a day. */
export function retryDelayMs(attempt: number): number {
  return Math.min(BASE_DELAY_MS * 2 ** Math.max(attempt - 1, 0), MAX_DELAY_MS);
}

/** Delivers outbox messages to their effects, at least once, never on the tracking path. */
export class OutboxDispatcher {
  #draining: Promise<number> | null = null;

  constructor(
    private readonly deps: { outbox: OutboxStore; effects: EffectRouter; clock: Clock; log: FastifyBaseLogger; owner: string },
    private readonly batchSize = 20,
  ) {}

  /** Deliver what is due now; concurrent calls share one pass. Returns how many were attempted. */
  drain(): Promise<number> {
    this.#draining ??= this.#pass().finally(() => {
      this.#draining = null;
    });
    return this.#draining;
  }

  async #pass(): Promise<number> {
    const { outbox, clock, owner } = this.deps;
    const messages = await outbox.claim({ owner, now: clock.now(), limit: this.batchSize, leaseMs: 120_000 });
    for (const message of messages) await this.#deliver(message);
    return messages.length;
  }

  async #deliver(message: OutboxMessage): Promise<void> {
    const { outbox, clock, log, effects } = this.deps;
    const effect = effects.get(message.effect);
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
      const giveUp = attempt >= (effect.maxAttempts ?? DEFAULT_MAX_ATTEMPTS);
      const retryAt = giveUp ? null : new Date(clock.now().getTime() + retryDelayMs(attempt));
      log.warn({ effect: effect.name, attempt, giveUp, err: text }, `side effect ${effect.name} failed`);
      await outbox.fail(message.id, message.lease, { error: text, retryAt }, clock.now());
    }
  }
}
