import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Redis } from 'ioredis';
import type { QuotaWindow } from './quota-window.js';

/**
 * The sliding window of sliding-window.ts kept in Redis for every instance: a sorted set of requests
 * scored by when their answer came back, on Redis's clock (one clock for all instances). A request in
 * flight is scored by the latest its answer can come (its timeouts), so an instance that dies mid-request
 * holds its place only that long. Checks and takes happen in one script, so two instances never take the
 * last place together.
 */
const TAKE = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local window = tonumber(ARGV[2])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - window - 1)
if redis.call('ZCARD', KEYS[1]) < tonumber(ARGV[1]) then
  if ARGV[4] == '1' then
    redis.call('ZADD', KEYS[1], now + tonumber(ARGV[3]), ARGV[5])
    redis.call('PEXPIRE', KEYS[1], window + tonumber(ARGV[3]) + 1000)
  end
  return 0
end
local oldest = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
return tonumber(oldest[2]) + window + 1 - now
`;

const ANSWERED = `
local t = redis.call('TIME')
redis.call('ZADD', KEYS[1], 'XX', tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000), ARGV[1])
return 0
`;

/** How often a waiter asks again while the oldest request is still in flight somewhere. */
const POLL_MS = 25;

export class RedisWindow implements QuotaWindow {
  readonly #key: string;

  constructor(
    private readonly redis: Redis,
    courier: string,
    readonly limit: number,
    readonly windowMs: number,
    /** The latest a request's answer can come: its connect and request timeouts. */
    private readonly inFlightMs: number,
  ) {
    this.#key = `waybill:quota:${courier}`;
  }

  async acquire(): Promise<() => void> {
    const member = randomUUID();
    await this.#wait(member);
    return () => void this.redis.eval(ANSWERED, 1, this.#key, member).catch(() => undefined);
  }

  room(): Promise<void> {
    return this.#wait(null);
  }

  async #wait(member: string | null): Promise<void> {
    for (;;) {
      const waitMs = Number(await this.redis.eval(TAKE, 1, this.#key, this.limit, this.windowMs, this.inFlightMs, member ? '1' : '0', member ?? ''));
      if (waitMs <= 0) return;
      await sleep(Math.min(waitMs, POLL_MS));
    }
  }
}
