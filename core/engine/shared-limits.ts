import Bottleneck from 'bottleneck';
import { Redis } from 'ioredis';
import type { CourierDefinition } from '../courier/definition.js';
import type { QuotaWindow } from './quota-window.js';
import { RedisWindow } from './redis-window.js';

/**
 * The limits every instance shares through one Redis (WAYBILL_REDIS_URL): Bottleneck's Redis datastore
 * for each courier's concurrency and spacing (one cluster-wide limiter per courier id), and the courier's
 * quota window in a Redis sorted set. Pauses and the daily budget are already shared through the store.
 */
export class SharedLimits {
  readonly #redis: Redis;
  readonly #connection: Bottleneck.IORedisConnection;

  constructor(url: string) {
    // Commands wait while Redis is briefly away, but a request never hangs on it for long.
    this.#redis = new Redis(url, { lazyConnect: false, maxRetriesPerRequest: 3, enableOfflineQueue: true });
    this.#connection = new Bottleneck.IORedisConnection({ client: this.#redis });
  }

  /** Bottleneck options that make its limiter cluster-wide. */
  bottleneckOptions(): Bottleneck.ConstructorOptions {
    return { datastore: 'ioredis', connection: this.#connection, clearDatastore: false };
  }

  windowFor(definition: CourierDefinition): QuotaWindow {
    const inFlightMs = definition.endpoints.connectTimeoutMs + definition.endpoints.requestTimeoutMs;
    return new RedisWindow(this.#redis, definition.name, definition.quota.requests, definition.quota.windowSeconds * 1000, inFlightMs);
  }

  async close(): Promise<void> {
    await this.#connection.disconnect(true).catch(() => undefined);
    this.#redis.disconnect();
  }
}
