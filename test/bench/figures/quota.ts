import Bottleneck from 'bottleneck';
import { request } from 'undici';
import { SandboxSimulator } from '../../../plugins/couriers/sandbox/index.js';
import { round, stats, type FigureModule } from '../figure.js';
import { SANDBOX_CLIENT, Scope, sandboxBench, seed } from '../sandbox-bench.js';
import { StrictQuotaProxy } from '../strict-quota-proxy.js';

interface Side {
  worst: number;
  used: number;
  usedOverSpan: number;
  rejected: number;
}

/** The limiter Waybill had: Bottleneck spacing starts by window / quota, which cannot see when requests arrive. */
async function spacingLimiter(proxy: StrictQuotaProxy, requests: number, concurrency: number): Promise<void> {
  const form = new URLSearchParams({ grant_type: 'client_credentials', ...SANDBOX_CLIENT }).toString();
  const token = ((await (await request(`${proxy.url}/oauth/token`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: form })).body.json()) as { access_token: string }).access_token;
  const limiter = new Bottleneck({ maxConcurrent: concurrency, minTime: Math.ceil(proxy.windowMs / proxy.limit) });
  await Promise.all(
    Array.from({ length: requests }, (_, i) =>
      limiter.schedule(async () => {
        const res = await request(`${proxy.url}/v1/tracking/batch`, {
          method: 'POST',
          headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
          body: JSON.stringify({ tracking_numbers: [`SBX-DELIVERED-Q${i}`] }),
        });
        await res.body.dump();
      }),
    ),
  );
}

/** Figure 2: a backlog three windows deep against a courier that refuses anything past its quota. */
export const quotaFigure: FigureModule = {
  key: 'quota',
  title: 'Quota exactness',
  async measure({ repetitions, quick, log }) {
    const limit = quick ? 20 : 40;
    const windowMs = quick ? 2000 : 4000;
    const requests = limit * 3;
    const scope = new Scope();
    try {
      const sim = await SandboxSimulator.start({ clientId: SANDBOX_CLIENT.client_id, clientSecret: SANDBOX_CLIENT.client_secret });
      scope.teardown(() => sim.close());
      const proxy = await StrictQuotaProxy.start(sim.url, limit, windowMs);
      scope.teardown(() => proxy.close());
      const h = await sandboxBench(scope, {
        // The courier as the engine sees it: its simulator behind the strict front door.
        simulator: async () => ({ url: proxy.url, server: sim.server, close: async () => undefined }),
        options: { quota_requests: String(limit), quota_window_seconds: String(windowMs / 1000), batch_size: '1', concurrency: '8', max_per_run: String(requests) },
      });
      const ours: Side[] = [];
      const theirs: Side[] = [];
      const side = (): Side => ({ worst: proxy.worstWindow(), used: proxy.used(), usedOverSpan: proxy.usedOverSpan(), rejected: proxy.rejected });
      for (let r = 0; r < repetitions; r++) {
        // Each side starts with an empty window at the courier.
        await new Promise((resolve) => setTimeout(resolve, windowMs + 100));
        proxy.reset();
        await seed(h, Array.from({ length: requests }, (_, i) => `SBX-DELIVERED-Q${r}-${i}`));
        await h.run();
        ours.push(side());
        await new Promise((resolve) => setTimeout(resolve, windowMs + 100));
        proxy.reset();
        await spacingLimiter(proxy, requests, 8);
        theirs.push(side());
        log(`  quota: worst window ${ours.at(-1)!.worst} (spacing limiter ${theirs.at(-1)!.worst}) of ${limit}; used ${(ours.at(-1)!.used * 100).toFixed(1)} % (${(ours.at(-1)!.usedOverSpan * 100).toFixed(1)} % over the span)`);
      }
      const overshoot = Math.max(...ours.map((s) => s.worst - limit), 0);
      const used = stats(ours.map((s) => s.used)).median;
      const rejected = ours.reduce((n, s) => n + s.rejected, 0);
      const oursStats = stats(ours.map((s) => s.used));
      const theirsStats = stats(theirs.map((s) => s.used));
      return {
        key: 'quota',
        title: `Quota exactness (${limit} requests per ${windowMs / 1000} s, a backlog of ${requests})`,
        unit: 'share of the quota used',
        comparison: 'Bottleneck spacing starts window / quota apart (Waybill\'s limiter before; the replaced system kept 93 % "to stay safe")',
        better: 'higher',
        ours: oursStats,
        theirs: theirsStats,
        ratio: round(oursStats.median / theirsStats.median),
        goal: '0 overshoot in every sliding window, ≥ 99 % used, 0 429s',
        met: overshoot === 0 && used >= 0.99 && rejected === 0,
        repetitions,
        overshoot,
        used,
        // Until this measure: (requests − quota) over the time from the first to the last, which also charges the first burst's spread.
        usedOverSpan: stats(ours.map((s) => s.usedOverSpan)).median,
        theirsUsedOverSpan: stats(theirs.map((s) => s.usedOverSpan)).median,
        rejected429: rejected,
        worstWindow: Math.max(...ours.map((s) => s.worst)),
        theirsOvershoot: Math.max(...theirs.map((s) => s.worst - limit), 0),
        theirsRejected429: theirs.reduce((n, s) => n + s.rejected, 0),
        quota: { requests: limit, windowSeconds: windowMs / 1000 },
      };
    } finally {
      await scope.close();
    }
  },
};
