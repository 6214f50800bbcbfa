import { openSync, writeSync } from 'node:fs';
import { loggerOptions } from '../../core/app.js';
import { ManualClock } from '../../core/clock.js';
import { startCourierHarness, type CourierSimulator, type Harness } from '../../core/testing/harness.js';
import type { SideEffect } from '../../core/effects/contract.js';
import type { TestApp } from '../../core/testing/app.js';
import sandbox, { SandboxSimulator } from '../../plugins/couriers/sandbox/index.js';

/** Teardowns a bench figure collects and runs once it has measured. */
export class Scope {
  readonly #fns: (() => unknown)[] = [];
  teardown(fn: () => unknown): void {
    this.#fns.push(fn);
  }
  async close(): Promise<void> {
    for (const fn of this.#fns.splice(0).reverse()) await fn();
  }
}

export const SANDBOX_CLIENT = { client_id: 'bench', client_secret: 'bench-secret-0123456789' };

/** The sandbox's options in every figure: the quota out of the way, batches of 20 (its limit), 8 workers. */
export const BENCH_OPTIONS = { quota_requests: '1000000', quota_window_seconds: '1', batch_size: '20', concurrency: '8', max_per_run: '10000000' };

/**
 * The service's own logger at info, as deployed, writing to nowhere the way pino writes to stdout: a
 * synchronous write per line (pino's default destination), not an fs stream's queue of async writes.
 */
export const benchLogger = () => {
  const fd = openSync('/dev/null', 'w');
  return { ...loggerOptions('info'), stream: { write: (line: string) => void writeSync(fd, line) } };
};

/**
 * The real app (engine, SQLite file, HTTP API) with the sandbox courier pointed at its simulator, logging
 * as deployed (info, to nowhere); the quota is out of the way unless `options` say otherwise. Batches of 20
 * (the sandbox's limit), 8 workers. The engine's clock stands still, so no shipment falls due again during
 * a run (the sandbox polls every 6 s, and a run over 100 k takes longer): each run checks each shipment once.
 */
export async function sandboxBench(
  scope: Scope,
  options: { options?: Record<string, string>; sideEffects?: readonly SideEffect[]; simulator?: () => Promise<CourierSimulator> } = {},
): Promise<Harness<CourierSimulator>> {
  return startCourierHarness(scope, {
    plugin: sandbox,
    clock: new ManualClock(new Date()),
    logger: benchLogger(),
    simulator: options.simulator ?? (() => SandboxSimulator.start({ clientId: SANDBOX_CLIENT.client_id, clientSecret: SANDBOX_CLIENT.client_secret })),
    credentials: SANDBOX_CLIENT,
    options: { ...BENCH_OPTIONS, ...options.options },
    ...(options.sideEffects ? { sideEffects: options.sideEffects } : {}),
  });
}

/** Registers `count` shipments straight into the store (registration is not what these figures measure). */
export async function seed(target: Pick<TestApp, 'app'>, numbers: readonly string[]): Promise<void> {
  const { store, clock } = target.app.waybill;
  for (let i = 0; i < numbers.length; i += 5000) {
    await store.shipments.register(numbers.slice(i, i + 5000).map((trackingNumber) => ({ courier: 'sandbox', trackingNumber })), clock.now());
  }
}
