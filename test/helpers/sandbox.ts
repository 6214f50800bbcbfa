import type { Clock } from '../../core/clock.js';
import type { CheckObserver, SideEffect } from '../../core/effects/contract.js';
import type { Store } from '../../core/store/port.js';
import type { Run } from '../../core/store/types.js';
import sandbox, { SandboxSimulator } from '../../plugins/couriers/sandbox/index.js';
import { startTestApp, type TestApp } from './app.js';

export const SANDBOX_SECRET = 'sandbox-client-secret-0123456789';

interface Teardown {
  teardown(fn: () => unknown): void;
}

export interface SandboxOptions {
  clock?: Clock;
  env?: Record<string, string>;
  effects?: readonly SideEffect[];
  observers?: readonly CheckObserver[];
  store?: Store;
  instanceId?: string;
  /** Reuse a running simulator (several apps against one courier). */
  simulator?: SandboxSimulator;
}

export interface SandboxApp extends TestApp {
  sim: SandboxSimulator;
  register(...trackingNumbers: string[]): Promise<void>;
  run(): Promise<Run>;
}

/** The real app with the sandbox courier pointed at a real local simulator; fast limiter for tests. */
export async function startSandboxApp(t: Teardown, options: SandboxOptions = {}): Promise<SandboxApp> {
  const sim =
    options.simulator ??
    (await SandboxSimulator.start({ clientId: 'sandbox-client', clientSecret: SANDBOX_SECRET, ...(options.clock ? { now: () => options.clock!.now() } : {}) }));
  if (!options.simulator) t.teardown(() => sim.close());
  const testApp = await startTestApp(t, {
    couriers: [sandbox],
    env: {
      WAYBILL_COURIER_SANDBOX_BASE_URL: sim.url,
      WAYBILL_COURIER_SANDBOX_CLIENT_ID: 'sandbox-client',
      WAYBILL_COURIER_SANDBOX_CLIENT_SECRET: SANDBOX_SECRET,
      WAYBILL_COURIER_SANDBOX_QUOTA_REQUESTS: '1000',
      WAYBILL_COURIER_SANDBOX_QUOTA_WINDOW_SECONDS: '1',
      WAYBILL_COURIER_SANDBOX_REQUEST_TIMEOUT_MS: '1500',
      ...options.env,
    },
    ...(options.clock ? { clock: options.clock } : {}),
    ...(options.effects ? { effects: options.effects } : {}),
    ...(options.observers ? { observers: options.observers } : {}),
    ...(options.store ? { store: options.store } : {}),
    ...(options.instanceId ? { instanceId: options.instanceId } : {}),
  });
  const { app } = testApp;
  return {
    ...testApp,
    sim,
    async register(...trackingNumbers) {
      const res = await app.inject({
        method: 'POST',
        url: '/v1/shipments',
        payload: { shipments: trackingNumbers.map((trackingNumber) => ({ courier: 'sandbox', trackingNumber, orderId: `order-${trackingNumber}` })) },
      });
      if (res.statusCode !== 201) throw new Error(`register failed: ${res.statusCode} ${res.body}`);
    },
    async run() {
      const run = await app.waybill.engine.runToCompletion('sandbox', 'manual');
      if (!run) throw new Error('run did not start');
      return run;
    },
  };
}

/** Tracking numbers the sandbox simulator was asked about, in order. */
export function askedNumbers(sim: SandboxSimulator): string[] {
  return sim.server.requests
    .filter((r) => r.path === '/v1/tracking/batch')
    .flatMap((r) => ((r.body as { tracking_numbers?: string[] }).tracking_numbers ?? []));
}
