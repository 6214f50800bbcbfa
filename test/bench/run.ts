import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import type { Figure, FigureModule } from './figure.js';
import { adaptiveFigure } from './figures/adaptive.js';
import { clusterFigure } from './figures/cluster.js';
import { engineFigure } from './figures/engine.js';
import { growthFigure } from './figures/growth.js';
import { lookupFigure } from './figures/lookup.js';
import { outboxFigure } from './figures/outbox.js';
import { quotaFigure } from './figures/quota.js';

/**
 * `npm run bench [-- --quick] [-- --only=engine,quota]`: the six figures and the three-instance one side by side with what it is
 * compared with, measured in this one run; writes bench-results/latest.json and prints a table.
 */
const FIGURES: FigureModule[] = [engineFigure, quotaFigure, lookupFigure, growthFigure, adaptiveFigure, outboxFigure, clusterFigure];

function table(figures: readonly Figure[]): string {
  const rows = figures.map((f) => [f.key, `${f.ours.median} ${f.unit}`, `${f.theirs.median}`, `${f.ratio}×`, f.met ? 'met' : 'NOT met', f.goal]);
  const header = ['figure', 'waybill (median)', 'compared with', 'ratio', 'goal', ''];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => String(r[i]).length)));
  return [header, ...rows].map((r) => r.map((c, i) => String(c).padEnd(widths[i]!)).join('  ')).join('\n');
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const quick = args.includes('--quick');
  const only = args.find((a) => a.startsWith('--only='))?.slice('--only='.length).split(',');
  const repetitions = Number(process.env.BENCH_REPETITIONS ?? 3);
  const log = (line: string) => process.stderr.write(`${line}\n`);
  const figures: Figure[] = [];
  for (const module of FIGURES.filter((m) => !only || only.includes(m.key))) {
    log(`${module.title} …`);
    figures.push(await module.measure({ repetitions, quick, log }));
  }
  const report = {
    at: new Date().toISOString(),
    machine: { cpus: cpus().length, cpu: cpus()[0]?.model ?? 'unknown', memoryGb: Math.round(totalmem() / 2 ** 30), node: process.version },
    quick,
    ...Object.fromEntries(figures.map((f) => [f.key, f])),
  };
  mkdirSync('bench-results', { recursive: true });
  const file = join('bench-results', quick ? 'quick.json' : 'latest.json');
  // --only measures some figures again: the others stay as the last full run left them.
  const kept = only && existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>) : {};
  writeFileSync(file, `${JSON.stringify({ ...kept, ...report }, null, 2)}\n`);
  process.stdout.write(`${table(figures)}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`bench failed: ${(error as Error).stack ?? String(error)}\n`);
  process.exitCode = 1;
});
