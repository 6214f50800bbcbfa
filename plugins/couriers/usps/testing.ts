import { ManualClock, type CourierPlugin } from 'waybill';
import { startCourierHarness, type CourierContractOptions, type Harness, type SimRequest } from 'waybill/testing';
import { TOKEN_PATH, TRACKING_PREFIX } from './declaration.js';
import usps from './index.js';
import { UspsSimulator, type UspsSimulatorOptions } from './simulator.js';
import { DOCUMENTED_STATUSES } from './statuses.js';

export const COURIER = 'usps';
/** The test app's consumer key and secret. */
export const CREDENTIALS = { client_id: 'usps-test-client', client_secret: 'usps-test-secret-2718' };
export const START = '2026-05-01T14:00:00.000Z';

export const isTrackRequest = (req: Pick<SimRequest, 'method' | 'path'>): boolean => req.method === 'GET' && req.path.startsWith(TRACKING_PREFIX);
export const isTokenRequest = (req: Pick<SimRequest, 'path'>): boolean => req.path === TOKEN_PATH;
const numbersOf = (req: Pick<SimRequest, 'method' | 'path'>): string[] => (isTrackRequest(req) ? [decodeURIComponent(req.path.slice(TRACKING_PREFIX.length))] : []);

let series = 0;
/** `count` fresh 22-digit USPS-like tracking numbers. */
export function trackingNumbers(count: number): string[] {
  series += 1;
  return Array.from({ length: count }, (_, i) => `9400${String(series).padStart(6, '0')}${String(i).padStart(12, '0')}`);
}

/** The contract kit's options for USPS. */
export function uspsContract(plugin: CourierPlugin = usps): CourierContractOptions<UspsSimulator> {
  return {
    plugin,
    simulator: (clock) => UspsSimulator.start({ ...sim, now: () => clock.now() }),
    fixtures: new URL('./fixtures/', import.meta.url),
    credentials: CREDENTIALS,
    // Accepted by USPS: in transit, far from the end.
    known: (s, count) => {
      const numbers = trackingNumbers(count);
      for (const tn of numbers) s.ship(tn, 'delivered', 2);
      return numbers;
    },
    unknown: '9400999999999999999999',
    isTrackRequest,
    trackingNumbersOf: numbersOf,
    documentedStatuses: DOCUMENTED_STATUSES,
    // A scan without a Pub 199 code is keyed on USPS's words, which no table can list.
    freeTextScan: (event) => event.code === undefined,
    tokens: { isTokenRequest, revoke: (s) => s.revokeTokens() },
  };
}

const sim = { clientId: CREDENTIALS.client_id, clientSecret: CREDENTIALS.client_secret };

export type UspsHarness = Harness<UspsSimulator> & { clock: ManualClock };

/** The app with USPS against its simulator, both on one manual clock. `options` are courier options (`workers`, …). */
export async function startUsps(
  t: { teardown(fn: () => unknown): void },
  o: { options?: Record<string, string>; sim?: Partial<UspsSimulatorOptions>; credentials?: Record<string, string> } = {},
): Promise<UspsHarness> {
  const clock = new ManualClock(START);
  const harness = await startCourierHarness(t, {
    plugin: usps,
    simulator: () => UspsSimulator.start({ ...sim, now: () => clock.now(), ...o.sim }),
    credentials: { ...CREDENTIALS, ...o.credentials },
    ...(o.options ? { options: o.options } : {}),
    clock,
  });
  return { ...harness, clock };
}
