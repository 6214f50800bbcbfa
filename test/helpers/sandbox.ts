import type { Harness } from '../../core/testing/harness.js';
import type { SandboxSimulator } from '../../plugins/couriers/sandbox/index.js';
import { SANDBOX_CLIENT, startSandboxHarness, type SandboxHarnessOptions } from '../../plugins/couriers/sandbox/testing.js';

export const SANDBOX_SECRET = SANDBOX_CLIENT.client_secret;

interface Teardown {
  teardown(fn: () => unknown): void;
}

/** startSandboxHarness's options but the courier's own: startSandboxApp sets a request timeout of 1.5 s. */
export type SandboxOptions = Omit<SandboxHarnessOptions, 'options'>;

export type SandboxApp = Omit<Harness<SandboxSimulator>, 'register'> & { register(...trackingNumbers: string[]): Promise<void> };

/** The real app with the sandbox courier pointed at a real local simulator. */
export async function startSandboxApp(t: Teardown, options: SandboxOptions = {}): Promise<SandboxApp> {
  const harness = await startSandboxHarness(t, { ...options, options: { request_timeout_ms: '1500' } });
  return { ...harness, register: (...trackingNumbers) => harness.register(trackingNumbers, (tn) => ({ orderId: `order-${tn}` })) };
}

/** Tracking numbers the sandbox simulator was asked about, in order. */
export function askedNumbers(sim: SandboxSimulator): string[] {
  return sim.server.requests
    .filter((r) => r.path === '/v1/tracking/batch')
    .flatMap((r) => ((r.body as { tracking_numbers?: string[] }).tracking_numbers ?? []));
}
