import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { startCourierHarness } from '../../core/testing/harness.js';
import sandbox, { SandboxSimulator } from '../../plugins/couriers/sandbox/index.js';

/**
 * `npm run bench`: figures for the hot paths — the cache-first lookup route, a polling run, and the outbox
 * dispatcher — on the real SQLite store and a local simulator. Writes bench-results/latest.json. Compare
 * ratios within one run.
 */

const teardown: (() => unknown)[] = [];
const t = { teardown: (fn: () => unknown) => void teardown.push(fn) };

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

async function main(): Promise<void> {
  const SHIPMENTS = Number(process.env.BENCH_SHIPMENTS ?? 5000);
  const LOOKUPS = Number(process.env.BENCH_LOOKUPS ?? 2000);
  const secret = 'bench-secret-0123456789';
  const h = await startCourierHarness(t, {
    plugin: sandbox,
    simulator: () => SandboxSimulator.start({ clientId: 'bench', clientSecret: secret }),
    credentials: { client_id: 'bench', client_secret: secret },
    options: { quota_requests: '100000', max_per_run: String(SHIPMENTS) },
    // A receiver that takes every message at once: what is measured is the dispatcher and the store.
    sideEffects: [{ name: 'bench-sink', concurrency: 8, deliver: async () => undefined }],
  });
  const numbers = Array.from({ length: SHIPMENTS }, (_, i) => `SBX-DELIVERED-${i}`);

  let started = performance.now();
  await h.register(numbers);
  const registerMs = performance.now() - started;

  started = performance.now();
  const run = await h.run();
  const runMs = performance.now() - started;

  const latencies: number[] = [];
  for (let i = 0; i < LOOKUPS; i++) {
    const tn = numbers[(i * 7919) % numbers.length]!;
    const s = performance.now();
    const res = await h.app.inject({ method: 'GET', url: `/v1/shipments/sandbox/${tn}` });
    latencies.push(performance.now() - s);
    if (res.statusCode !== 200) throw new Error(`lookup failed: ${res.statusCode}`);
  }
  latencies.sort((a, b) => a - b);

  // Four messages per shipment (delivered in order per shipment), as four status changes would enqueue.
  const DELIVERIES = SHIPMENTS * 4;
  const { store, outbox, clock } = h.app.waybill;
  const items = Array.from({ length: DELIVERIES }, (_, i) => ({ effect: 'bench-sink', dedupKey: `bench:${i}`, orderKey: `s${i % SHIPMENTS}`, payload: { n: i } }));
  for (let i = 0; i < items.length; i += 1000) await store.outbox.enqueue(items.slice(i, i + 1000), clock.now());
  started = performance.now();
  let delivered = 0;
  for (let n = await outbox.drain(); n > 0; n = await outbox.drain()) delivered += n;
  const drainMs = performance.now() - started;
  if (delivered !== DELIVERIES) throw new Error(`the dispatcher delivered ${delivered} of ${DELIVERIES}`);

  const figures = {
    at: new Date().toISOString(),
    node: process.version,
    shipments: SHIPMENTS,
    registerPerSecond: Math.round(SHIPMENTS / (registerMs / 1000)),
    run: { ms: Math.round(runMs), state: run.state, claimed: run.counts.claimed, requests: run.counts.requests, shipmentsPerSecond: Math.round(SHIPMENTS / (runMs / 1000)) },
    outbox: { deliveries: DELIVERIES, ms: Math.round(drainMs), deliveriesPerSecond: Math.round(DELIVERIES / (drainMs / 1000)) },
    lookupMs: { p50: +percentile(latencies, 50).toFixed(3), p95: +percentile(latencies, 95).toFixed(3), p99: +percentile(latencies, 99).toFixed(3) },
  };
  mkdirSync('bench-results', { recursive: true });
  writeFileSync(join('bench-results', 'latest.json'), `${JSON.stringify(figures, null, 2)}\n`);
  process.stdout.write(`${JSON.stringify(figures, null, 2)}\n`);
}

main()
  .catch((error: unknown) => {
    process.stderr.write(`bench failed: ${(error as Error).stack ?? String(error)}\n`);
    process.exitCode = 1;
  })
  .finally(async () => {
    for (const fn of teardown.reverse()) await fn();
  });
