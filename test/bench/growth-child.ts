import { performance } from 'node:perf_hooks';
import { Scope, sandboxBench, seed } from './sandbox-bench.js';

/**
 * One run over `size` due shipments in a process of its own, so its resident memory is the run's: prints
 * {"size", "seconds", "peakRssMb"} as JSON. Used by the growth figure.
 */
async function main(): Promise<void> {
  const size = Number(process.argv[2]);
  const scope = new Scope();
  try {
    const h = await sandboxBench(scope, { options: { max_per_run: String(size) } });
    for (let i = 0; i < size; i += 50_000) await seed(h, Array.from({ length: Math.min(50_000, size - i) }, (_, j) => `SBX-DELIVERED-G${i + j}`));
    let peak = process.memoryUsage().rss;
    const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 50);
    const started = performance.now();
    const run = await h.run();
    const seconds = (performance.now() - started) / 1000;
    clearInterval(sampler);
    if (run.counts.updated !== size) throw new Error(`the run updated ${run.counts.updated} of ${size}`);
    process.stdout.write(`${JSON.stringify({ size, seconds, peakRssMb: Math.round(peak / 1048576) })}\n`);
  } finally {
    await scope.close();
  }
}

void main();
