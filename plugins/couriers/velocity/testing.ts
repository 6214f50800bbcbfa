import { ManualClock, type CourierPlugin } from 'waybill';
import { startCourierHarness, type Harness, type SimRequest } from 'waybill/testing';
import { LOGIN_PATH, TRACKING_PATH } from './declaration.js';
import velocity from './index.js';
import { VelocitySimulator, type VelocitySimulatorOptions } from './simulator.js';

export const USERNAME = '+919866340090';
export const PASSWORD = 'velocity-test-password';
export const API_KEY = 'vel-api-key-1';
/** Test values of every credential either variant declares; each plugin gets the ones it declares. */
const TEST_CREDENTIALS: Record<string, string> = { username: USERNAME, password: PASSWORD, api_key: API_KEY };
export const START = '2026-03-01T04:30:00.000Z';

export const isTrackRequest = (req: SimRequest): boolean => req.path === TRACKING_PATH;
export const isLoginRequest = (req: SimRequest): boolean => req.path === LOGIN_PATH;

export type VelocityHarness = Harness<VelocitySimulator> & {
  clock: ManualClock;
  /** A login made by someone else with the same account: it revokes Waybill's token. Returns the new token. */
  foreignLogin(): Promise<string>;
};

/**
 * The core courier harness with Velocity's test defaults: a simulator that knows the account and its API key
 * and runs on the same manual clock as the app (token lifetimes), and the credentials the plugin declares.
 */
export async function startVelocity(
  t: { teardown(fn: () => unknown): void },
  o: { plugin?: CourierPlugin; credentials?: Record<string, string>; options?: Record<string, string>; sim?: Partial<VelocitySimulatorOptions> } = {},
): Promise<VelocityHarness> {
  const plugin = o.plugin ?? velocity;
  const clock = new ManualClock(START);
  const declared = Object.fromEntries((plugin.declaration.credentials ?? []).map((name) => [name, TEST_CREDENTIALS[name] ?? '']));
  const harness = await startCourierHarness(t, {
    plugin,
    simulator: () => VelocitySimulator.start({ username: USERNAME, password: PASSWORD, apiKeys: [API_KEY], now: () => clock.now(), ...o.sim }),
    credentials: { ...declared, ...o.credentials },
    ...(o.options ? { options: o.options } : {}),
    clock,
  });
  const foreignLogin = async (): Promise<string> => {
    const res = await fetch(`${harness.sim.url}${LOGIN_PATH}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: USERNAME, password: PASSWORD }),
    });
    return ((await res.json()) as { token: string }).token;
  };
  return { ...harness, clock, foreignLogin };
}

export const awbs = (prefix: string, count: number): string[] => Array.from({ length: count }, (_, i) => `${prefix}${String(i).padStart(4, '0')}`);

/** Script every AWB as in transit with one scan. */
export function inTransit(sim: VelocitySimulator, numbers: readonly string[]): void {
  for (const awb of numbers) {
    sim.setShipment(awb, { shipmentStatus: 'in_transit', activities: [{ date: '2026-03-01 09:00:00', activity: 'IN TRANSIT', location: 'Bengaluru Hub' }] });
  }
}
