import { createHmac } from 'node:crypto';
import { systemClock, type Clock, type CourierPlugin } from 'waybill';
import { startCourierHarness, type CourierContractOptions, type Harness, type HarnessOptions } from 'waybill/testing';
import sandbox, { SandboxSimulator } from './index.js';
import { SIGNATURE_HEADER } from './push.js';
import { DOCUMENTED_STATUSES } from './statuses.js';

const credentials = { client_id: 'kit-client', client_secret: 'kit-client-secret-4242', webhook_secret: 'kit-webhook-secret-2424' };
const sign = (raw: Buffer) => ({ [SIGNATURE_HEADER]: createHmac('sha256', credentials.webhook_secret).update(raw).digest('hex') });
let next = 0;

/** The contract kit's options for the sandbox courier; `plugin` swaps in another adapter (the kit's own tests). */
export function sandboxContract(plugin: CourierPlugin = sandbox): CourierContractOptions<SandboxSimulator> {
  return {
    plugin,
    simulator: () => SandboxSimulator.start({ clientId: credentials.client_id, clientSecret: credentials.client_secret }),
    fixtures: new URL('./fixtures/', import.meta.url),
    credentials,
    known: (_sim, count) => Array.from({ length: count }, () => `SBX-DELIVERED-${++next}`),
    unknown: 'SBX-NOTFOUND-1',
    isTrackRequest: (req) => req.path === '/v1/tracking/batch',
    trackingNumbersOf: (req) => (req.body as { tracking_numbers?: string[] } | undefined)?.tracking_numbers ?? [],
    documentedStatuses: DOCUMENTED_STATUSES,
    tokens: { isTokenRequest: (req) => req.path === '/oauth/token', revoke: (sim) => sim.revokeTokens() },
    push: {
      webhooks: new URL('./fixtures/webhooks/', import.meta.url),
      story: ['1-driver-assigned.json', '2-picked-up.json', '3-out-for-delivery.json', '4-delivered.json'],
      locationPing: 'location.json',
      trackingNumber: 'SBX-PUSH-KIT',
      sign,
      signatureCoversBody: true,
    },
  };
}

/** The client the apps of plugin and repository tests log in to the sandbox simulator with. */
export const SANDBOX_CLIENT = { client_id: 'sandbox-client', client_secret: 'sandbox-client-secret-0123456789' };

interface Teardown {
  teardown(fn: () => unknown): void;
}

export interface SandboxHarnessOptions extends Omit<HarnessOptions<SandboxSimulator>, 'plugin' | 'simulator' | 'credentials' | 'clock'> {
  /** The app's clock, and the simulator's when the harness starts one; default: the system clock. */
  clock?: Clock;
  /** A running simulator to share (several apps against one courier); default: a fresh one, closed at teardown. */
  simulator?: SandboxSimulator;
}

export type SandboxHarness<C extends Clock = Clock> = Harness<SandboxSimulator> & {
  clock: C;
  /** Delivers the outbox until it is empty (a delivery can enqueue more, e.g. a notice after an upload). */
  drain(): Promise<void>;
};

/**
 * The real app with the sandbox courier pointed at a local SandboxSimulator (on `clock`), and the effect
 * plugins of `effects` configured from `env` as the service would configure them.
 */
export function startSandboxHarness<C extends Clock>(t: Teardown, options: SandboxHarnessOptions & { clock: C }): Promise<SandboxHarness<C>>;
export function startSandboxHarness(t: Teardown, options?: SandboxHarnessOptions): Promise<SandboxHarness>;
export async function startSandboxHarness(t: Teardown, options: SandboxHarnessOptions = {}): Promise<SandboxHarness> {
  const { clock, simulator, ...rest } = options;
  const start = () => SandboxSimulator.start({ clientId: SANDBOX_CLIENT.client_id, clientSecret: SANDBOX_CLIENT.client_secret, ...(clock ? { now: () => clock.now() } : {}) });
  const harness = await startCourierHarness(t, { ...rest, plugin: sandbox, simulator: simulator ?? start, credentials: SANDBOX_CLIENT, ...(clock ? { clock } : {}) });
  const drain = async (): Promise<void> => {
    while ((await harness.app.waybill.outbox.drain()) > 0);
  };
  return { ...harness, clock: clock ?? systemClock, drain };
}
