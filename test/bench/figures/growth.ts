import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { round, stats, type FigureModule } from '../figure.js';

const run = promisify(execFile);
const child = fileURLToPath(new URL('../growth-child.js', import.meta.url));
/** The heap cap the service starts with (npm start, the container's start step): measured as deployed. */
const SERVICE_HEAP_FLAG = '--max-old-space-size=256';

interface Point {
  size: number;
  seconds: number;
  peakRssMb: number;
}

async function oneRun(size: number): Promise<Point> {
  const { stdout } = await run(process.execPath, [SERVICE_HEAP_FLAG, child, String(size)], { maxBuffer: 1 << 20 });
  return JSON.parse(stdout.trim().split('\n').at(-1)!) as Point;
}

/**
 * Figure 4: one run over 10 k, 100 k and 1 M due shipments, each in a fresh process started as the service is
 * (its heap cap), the simulator in another: time and the service's resident memory.
 */
export const growthFigure: FigureModule = {
  key: 'growth',
  title: 'Memory and growth',
  async measure({ repetitions, quick, log }) {
    const sizes = quick ? [10_000, 50_000] : [10_000, 100_000, 1_000_000];
    const points = new Map<number, Point[]>(sizes.map((s) => [s, []]));
    for (let r = 0; r < repetitions; r++) {
      for (const size of sizes) {
        // 1 M due shipments take minutes to seed and to run: measured once, and said so in the figure.
        if (size >= 1_000_000 && r > 0) continue;
        const point = await oneRun(size);
        points.get(size)!.push(point);
        log(`  growth: ${size} due shipments in ${point.seconds.toFixed(1)} s, peak RSS ${point.peakRssMb} MB`);
      }
    }
    const rate = (size: number) => stats(points.get(size)!.map((p) => p.size / p.seconds));
    const smallest = sizes[0]!;
    const largest = sizes.at(-1)!;
    const ours = rate(largest);
    const theirs = rate(smallest);
    const peakRssMb = Math.max(...points.get(largest)!.map((p) => p.peakRssMb));
    const ratio = round(ours.median / theirs.median);
    return {
      key: 'growth',
      title: `One run over ${sizes.map((s) => s.toLocaleString('en')).join(' / ')} due shipments`,
      unit: 'shipments/s',
      comparison: `the same run over ${smallest.toLocaleString('en')} due shipments (1.0 = linear cost)`,
      better: 'higher',
      ours,
      theirs,
      ratio,
      goal: 'linear (ratio ≈ 1 within noise), peak RSS < 250 MB at the largest size',
      met: ratio >= 0.8 && peakRssMb < 250,
      repetitions,
      repetitionsBySize: Object.fromEntries(sizes.map((size) => [size, points.get(size)!.length])),
      peakRssMb,
      bySize: Object.fromEntries(
        sizes.map((size) => [size, { shipmentsPerSecond: rate(size), peakRssMb: Math.max(...points.get(size)!.map((p) => p.peakRssMb)) }]),
      ),
    };
  },
};
