import type { Clock } from '../../core/clock.js';
import type { CheckObserver, SideEffect } from '../../core/effects/contract.js';
import type { EffectPlugin } from '../../core/effects/plugin.js';
import type { Store } from '../../core/store/port.js';
import { startCourierHarness, type Harness } from '../../core/testing/harness.js';
import sandbox, { SandboxSimulator } from '../../plugins/couriers/sandbox/index.js';

export const SANDBOX_SECRET = 'sandbox-client-secret-0123456789';

interface Teardown {
  teardown(fn: () => unknown): void;
}

export interface SandboxOptions {
  clock?: Clock;
  env?: Record<string, string>;
  effects?: readonly EffectPlugin[];
  sideEffects?: readonly SideEffect[];
  observers?: readonly CheckObserver[];
  store?: Store;
  instanceId?: string;
  /** Reuse a running simulator (several apps against one courier). */
  simulator?: SandboxSimulator;
}

export type SandboxApp = Omit<Harness<SandboxSimulator>, 'register'> & { register(...trackingNumbers: string[]): Promise<void> };

/** The real app with the sandbox courier pointed at a real local simulator. */
export async function startSandboxApp(t: Teardown, options: SandboxOptions = {}): Promise<SandboxApp> {
  const { clock, simulator, ...rest } = options;
  const harness = await startCourierHarness(t, {
    ...rest,
    plugin: sandbox,
    simulator: simulator ?? (() => SandboxSimulator.start({ clientId: 'sandbox-client', clientSecret: SANDBOX_SECRET, ...(clock ? { now: () => clock.now() } : {}) })),
    credentials: { client_id: 'sandbox-client', client_secret: SANDBOX_SECRET },
    options: { request_timeout_ms: '1500' },
    ...(clock ? { clock } : {}),
  });
  return { ...harness, register: (...trackingNumbers) => harness.register(trackingNumbers, (tn) => ({ orderId: `order-${tn}` })) };
}

/** Tracking numbers the sandbox simulator was asked about, in order. */
export function askedNumbers(sim: SandboxSimulator): string[] {
  return sim.server.requests
    .filter((r) => r.path === '/v1/tracking/batch')
    .flatMap((r) => ((r.body as { tracking_numbers?: string[] }).tracking_numbers ?? []));
}
