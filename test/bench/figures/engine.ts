import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { interleaved, ratioOf, stats, type FigureModule } from '../figure.js';
import { rawLoop } from '../raw-loop.js';
import { storedLoop } from '../stored-loop.js';
import { SandboxSimulator } from '../../../plugins/couriers/sandbox/index.js';
import { SANDBOX_CLIENT, Scope, sandboxBench, seed } from '../sandbox-bench.js';
import { walPages } from '../wal-pages.js';

/** Figure 1: shipments tracked per second end to end, against a plain undici loop doing only the HTTP. */
export const engineFigure: FigureModule = {
  key: 'engine',
  title: 'Engine throughput',
  async measure({ repetitions, quick, log }) {
    const size = quick ? 2000 : 10_000;
    // Each round on a fresh store, so no earlier round's shipments (due again after the sandbox's 6 s) join in.
    const round = async <T>(fn: (scope: Scope) => Promise<T>): Promise<T> => {
      const scope = new Scope();
      try {
        return await fn(scope);
      } finally {
        await scope.close();
      }
    };
    const numbers = Array.from({ length: size }, (_, i) => `SBX-DELIVERED-${i}`);
    const engineRun = async (scope: Scope) => {
      const h = await sandboxBench(scope, { options: { max_per_run: String(size) }, sideEffects: [{ name: 'bench-sink', concurrency: 8, deliver: async () => undefined }] });
      await seed(h, numbers);
      return h;
    };
    const storedLoopRates: number[] = [];
    const result = await interleaved(
        repetitions,
        () =>
          round(async (scope) => {
            const h = await engineRun(scope);
            const started = performance.now();
            const run = await h.run();
            const seconds = (performance.now() - started) / 1000;
            if (run.counts.updated !== size) throw new Error(`the run updated ${run.counts.updated} of ${size}`);
            log(`  engine: ${size} shipments in ${seconds.toFixed(2)} s`);
            return size / seconds;
          }),
        () =>
          round(async (scope) => {
            const sim = await SandboxSimulator.start({ clientId: SANDBOX_CLIENT.client_id, clientSecret: SANDBOX_CLIENT.client_secret });
            scope.teardown(() => sim.close());
            const started = performance.now();
            await rawLoop(sim.url, numbers, 20, 8);
            const seconds = (performance.now() - started) / 1000;
            log(`  raw loop: ${size} numbers in ${seconds.toFixed(2)} s`);
            // The same simulator is fresh for each side: a sandbox story advances per poll.
            const cronSim = await SandboxSimulator.start({ clientId: SANDBOX_CLIENT.client_id, clientSecret: SANDBOX_CLIENT.client_secret });
            scope.teardown(() => cronSim.close());
            const cronSeconds = await storedLoop(cronSim.url, numbers, 20, 8);
            log(`  stored loop: ${size} numbers in ${cronSeconds.toFixed(2)} s`);
            storedLoopRates.push(size / cronSeconds);
            return size / seconds;
          }),
      );
      const ratio = ratioOf(result.ours, result.theirs, 'higher');
      // Untimed: what a run writes, counted in pages, which the noise of a shared machine does not blur.
      const written = await round(async (scope) => {
        const h = await engineRun(scope);
        return walPages(join(h.dir, 'waybill.db'), () => h.run());
      });
      const batches = size / 20;
      log(`  engine: ${(written.pages / batches).toFixed(1)} WAL pages per batch of 20, ${(written.commits / batches).toFixed(1)} commits`);
      return {
        key: 'engine',
        title: 'Engine throughput (claim, batch, HTTP, map, persist, enqueue effects)',
        unit: 'shipments/s',
        comparison: 'a plain undici loop: same batches of 20, same 8-way concurrency, same simulator, nothing else',
        better: 'higher',
        ...result,
        ratio,
        goal: '≥ 0.5× the raw loop',
        met: ratio >= 0.5,
        repetitions,
        shipmentsPerRun: size,
        // Not the yardstick, beside it: a hand-written cron that also stores what it fetched (test/bench/stored-loop.ts).
        storedLoop: stats(storedLoopRates),
        ratioToStoredLoop: ratioOf(result.ours, stats(storedLoopRates), 'higher'),
        walPagesPerBatch: Math.round((written.pages / batches) * 10) / 10,
        commitsPerBatch: Math.round((written.commits / batches) * 10) / 10,
        walPagesPerBatchByObject: Object.fromEntries(
          Object.entries(written.byObject)
            .sort((a, b) => b[1] - a[1])
            .map(([name, pages]) => [name, Math.round((pages / batches) * 10) / 10]),
        ),
      };
  },
};
