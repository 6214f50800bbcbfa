import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { request } from 'undici';

/**
 * A courier's front door that enforces its quota strictly: at most `limit` tracking requests in any
 * sliding window of `windowMs`, a 429 with Retry-After past it. Forwards everything else (and what it
 * lets through) to the simulator behind it, and records when each tracking request arrived.
 */
export class StrictQuotaProxy {
  readonly arrivals: number[] = [];
  rejected = 0;

  private constructor(
    private readonly server: Server,
    private readonly target: string,
    readonly limit: number,
    readonly windowMs: number,
  ) {}

  static async start(target: string, limit: number, windowMs: number): Promise<StrictQuotaProxy> {
    let proxy: StrictQuotaProxy | undefined;
    const server = createServer((req, res) => {
      void proxy!.#handle(req).then(
        (answer) => res.writeHead(answer.status, answer.headers).end(answer.body),
        (error: Error) => res.writeHead(502).end(error.message),
      );
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    proxy = new StrictQuotaProxy(server, target, limit, windowMs);
    return proxy;
  }

  get url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async #handle(req: IncomingMessage): Promise<{ status: number; headers: Record<string, string>; body: Buffer | string }> {
    const at = performance.now();
    if (req.url?.startsWith('/v1/tracking')) {
      const inWindow = this.arrivals.filter((t) => t > at - this.windowMs).length;
      if (inWindow >= this.limit) {
        this.rejected += 1;
        req.resume();
        return { status: 429, headers: { 'retry-after': String(Math.ceil(this.windowMs / 1000)), 'content-type': 'application/json' }, body: '{"error":"rate_limited"}' };
      }
      this.arrivals.push(at);
    }
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const headers = Object.fromEntries(Object.entries(req.headers).filter(([k, v]) => typeof v === 'string' && k !== 'host' && k !== 'connection')) as Record<string, string>;
    const res = await request(`${this.target}${req.url}`, { method: req.method as 'POST', headers, body: chunks.length ? Buffer.concat(chunks) : null });
    const body = Buffer.from(await res.body.arrayBuffer());
    return { status: res.statusCode, headers: { 'content-type': String(res.headers['content-type'] ?? 'application/json') }, body };
  }

  /** The most tracking requests seen in any window of the declared length. */
  worstWindow(): number {
    const sorted = [...this.arrivals].sort((a, b) => a - b);
    let worst = 0;
    for (let first = 0, last = 0; first < sorted.length; first++) {
      while (last < sorted.length && sorted[last]! < sorted[first]! + this.windowMs) last++;
      worst = Math.max(worst, last - first);
    }
    return worst;
  }

  /**
   * The share of each sliding window's quota used: a request past the first `limit` may arrive once the one
   * `limit` before it is a window back; the window over the mean gap between the two (1 = each request came
   * the moment the quota let it). How the first window's burst spreads over time is concurrency, not quota.
   */
  used(): number {
    const sorted = [...this.arrivals].sort((a, b) => a - b);
    if (sorted.length <= this.limit) return 0;
    let gaps = 0;
    for (let k = this.limit; k < sorted.length; k++) gaps += sorted[k]! - sorted[k - this.limit]!;
    return this.windowMs / (gaps / (sorted.length - this.limit));
  }

  /** The older measure: the requests after the first window's allowance per time from the first to the last, against the declared rate. */
  usedOverSpan(): number {
    const sorted = [...this.arrivals].sort((a, b) => a - b);
    if (sorted.length <= this.limit) return 0;
    const rate = (sorted.length - this.limit) / (sorted.at(-1)! - sorted[0]!);
    return rate / (this.limit / this.windowMs);
  }

  reset(): void {
    this.arrivals.length = 0;
    this.rejected = 0;
  }

  close(): Promise<void> {
    return new Promise((resolve) => {
      this.server.closeAllConnections();
      this.server.close(() => resolve());
    });
  }
}
