import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import type { QuotaWindow } from './quota-window.js';

/** One request start: in flight until `end()` stamps when its answer (or failure) came back. */
interface Start {
  endedAt: number | null;
  ended: Promise<void>;
  end: () => void;
}

function start(now: () => number): Start {
  let end!: () => void;
  const entry: Start = { endedAt: null, ended: new Promise<void>((resolve) => (end = resolve)), end: () => undefined };
  entry.end = () => {
    if (entry.endedAt === null) entry.endedAt = now();
    end();
  };
  return entry;
}

/**
 * At most `limit` requests in any `windowMs` at the courier, whatever window it counts in and however
 * long the trip there takes. A request is dated by when its answer came back — the latest moment the
 * courier can have counted it — and the next one waits until the `limit`-th before it is that far back.
 * So a send delayed by a busy event loop, a slow connect or a slow network can arrive late but never
 * inside a window it would overfill; the cost is one round trip per window. Waiters are served in order.
 */
export class SlidingWindow implements QuotaWindow {
  /** The last `limit` starts, oldest at `#head` once full. */
  readonly #starts: Start[] = [];
  #head = 0;
  #line: Promise<unknown> = Promise.resolve();

  constructor(
    readonly limit: number,
    readonly windowMs: number,
    private readonly now: () => number = () => performance.now(),
  ) {}

  /** Resolves when a request may be sent; call the function it gives once its answer (or failure) is in. */
  acquire(): Promise<() => void> {
    const turn = this.#line.then(() => this.#waitForRoom(true));
    this.#line = turn;
    return turn.then((entry) => entry!.end);
  }

  /** Resolves when a request could be sent now, without counting one (to claim work only when it can go out). */
  room(): Promise<void> {
    const turn = this.#line.then(() => this.#waitForRoom(false));
    this.#line = turn;
    return turn.then(() => undefined);
  }

  async #waitForRoom(record: boolean): Promise<Start | undefined> {
    for (;;) {
      if (this.#starts.length < this.limit) {
        if (!record) return undefined;
        const entry = start(this.now);
        this.#starts.push(entry);
        return entry;
      }
      const oldest = this.#starts[this.#head]!;
      if (oldest.endedAt === null) {
        await oldest.ended;
        continue;
      }
      // One millisecond more than the window: arrival times the courier rounds cannot meet in one window.
      const freeAt = oldest.endedAt + this.windowMs + 1;
      const now = this.now();
      if (now < freeAt) {
        await sleep(Math.ceil(freeAt - now));
        continue;
      }
      if (!record) return undefined;
      const entry = start(this.now);
      this.#starts[this.#head] = entry;
      this.#head = (this.#head + 1) % this.limit;
      return entry;
    }
  }
}
