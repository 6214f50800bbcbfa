import { ManualClock, type Clock, type CourierPlugin } from 'waybill';
import { startCourierHarness, type CourierContractOptions, type Harness, type SimRequest } from 'waybill/testing';
import { TOKEN_PATH, TRACKING_PATH } from './declaration.js';
import easyparcel from './index.js';
import { EasyParcelSimulator } from './simulator.js';
import { DOCUMENTED_STATUSES } from './statuses.js';

export const COURIER = 'easyparcel';
export const CLIENT = { client_id: 'ep-test-client-id', client_secret: 'ep-test-client-secret-7f3a' };
export const START = '2026-05-01T02:00:00.000Z';

export const isTrackRequest = (req: Pick<SimRequest, 'method' | 'path'>): boolean => req.method === 'POST' && req.path === TRACKING_PATH;
export const isTokenRequest = (req: Pick<SimRequest, 'path'>): boolean => req.path === TOKEN_PATH;
export const awbsOf = (req: Pick<SimRequest, 'body'>): string[] => {
  const list = (req.body as { awb_numbers?: unknown } | undefined)?.awb_numbers;
  return Array.isArray(list) ? list.map(String) : [];
};
export const grantOf = (req: Pick<SimRequest, 'body'>): string | undefined => (req.body as Record<string, string> | undefined)?.grant_type;

export const awbs = (prefix: string, count: number): string[] => Array.from({ length: count }, (_, i) => `${prefix}${String(i).padStart(6, '0')}`);

const simulatorOn = (clock: Clock) => EasyParcelSimulator.start({ clientId: CLIENT.client_id, clientSecret: CLIENT.client_secret, now: () => clock.now() });

/** Booked, then on its way to the hub: tracked, far from the end. */
export function inTransit(sim: EasyParcelSimulator, numbers: readonly string[]): void {
  for (const awb of numbers) {
    sim.scan(awb, 7, 'Schedule In Arrangement');
    sim.scan(awb, 5, 'In Transit to Hub', { location: 'Shah Alam Hub, Selangor, MY' });
  }
}

let batches = 0;
const KIT_REFRESH_TOKEN = 'ep-kit-refresh-token-5d1c9e';

/**
 * The contract kit's options, with the operator's usual setup: client id and secret, and the refresh token
 * authorizing the app gave them (each simulator the kit starts has issued it).
 */
export function easyparcelContract(plugin: CourierPlugin = easyparcel): CourierContractOptions<EasyParcelSimulator> {
  return {
    plugin,
    simulator: async (clock) => {
      const sim = await simulatorOn(clock);
      sim.issueRefreshToken(KIT_REFRESH_TOKEN);
      return sim;
    },
    fixtures: new URL('./fixtures/', import.meta.url),
    credentials: { ...CLIENT, refresh_token: KIT_REFRESH_TOKEN },
    known: (sim, count) => {
      const numbers = awbs(`EPK${(batches += 1)}X`, count);
      inTransit(sim, numbers);
      return numbers;
    },
    unknown: 'EPUNKNOWN000000',
    isTrackRequest,
    trackingNumbersOf: awbsOf,
    documentedStatuses: DOCUMENTED_STATUSES,
    tokens: { isTokenRequest, revoke: (sim) => sim.revokeTokens() },
  };
}

export type EasyParcelHarness = Harness<EasyParcelSimulator> & {
  clock: ManualClock;
  /** The refresh token configured, if any. */
  refreshToken: string | undefined;
};

/**
 * The app with EasyParcel against its simulator, both on one manual clock. `refreshToken: true` issues one at
 * the simulator and configures it (WAYBILL_COURIER_EASYPARCEL_REFRESH_TOKEN); a string configures that value.
 */
export async function startEasyParcel(
  t: { teardown(fn: () => unknown): void },
  o: { refreshToken?: boolean | string; credentials?: Record<string, string>; options?: Record<string, string>; env?: Record<string, string> } = {},
): Promise<EasyParcelHarness> {
  const clock = new ManualClock(START);
  const sim = await simulatorOn(clock);
  t.teardown(() => sim.close());
  const refreshToken = o.refreshToken === true ? sim.issueRefreshToken() : o.refreshToken || undefined;
  const harness = await startCourierHarness(t, {
    plugin: easyparcel,
    simulator: sim,
    credentials: { ...CLIENT, ...(refreshToken ? { refresh_token: refreshToken } : {}), ...o.credentials },
    ...(o.options ? { options: o.options } : {}),
    ...(o.env ? { env: o.env } : {}),
    clock,
  });
  return { ...harness, clock, refreshToken };
}
