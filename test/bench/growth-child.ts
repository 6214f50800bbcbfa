import { performance } from 'node:perf_hooks';
import { courierEnv } from '../../config/load.js';
import { ManualClock } from '../../core/clock.js';
import { startTestApp } from '../../core/testing/app.js';
import sandbox from '../../plugins/couriers/sandbox/index.js';
import { BENCH_OPTIONS, SANDBOX_CLIENT, Scope, benchLogger, seed } from './sandbox-bench.js';
import { startSimulatorProcess } from './simulator-process.js';

/**
 * One run over `size` due shipments in a process of its own, so its resident memory is the service's: the
 * simulator (which keeps every number's progress and every request) runs in another process, as a courier
 * does. Prints {"size", "seconds", "peakRssMb"} as JSON. Used by the growth figure.
 */
async function main(): Promise<void> {
  const size = Number(process.argv[2]);
  const scope = new Scope();
  try {
    const sim = await startSimulatorProcess();
    scope.teardown(() => sim.close());
    const named = { ...BENCH_OPTIONS, ...SANDBOX_CLIENT, max_per_run: String(size), base_url: sim.url };
    // The clock stands still, so no shipment falls due again during the run: each is checked once.
    const { app } = await startTestApp(scope, { couriers: [sandbox], env: courierEnv('sandbox', named), clock: new ManualClock(new Date()), logger: benchLogger() });
    for (let i = 0; i < size; i += 50_000) await seed({ app }, Array.from({ length: Math.min(50_000, size - i) }, (_, j) => `SBX-DELIVERED-G${i + j}`));
    let peak = process.memoryUsage().rss;
    const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 50);
    const started = performance.now();
    const run = await app.waybill.engine.runToCompletion('sandbox', 'manual');
    const seconds = (performance.now() - started) / 1000;
    clearInterval(sampler);
    if (run?.counts.updated !== size) throw new Error(`the run updated ${run?.counts.updated ?? 0} of ${size}`);
    process.stdout.write(`${JSON.stringify({ size, seconds, peakRssMb: Math.round(peak / 1048576) })}\n`);
  } finally {
    await scope.close();
  }
}

void main();
