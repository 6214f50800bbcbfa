import { ManualClock } from '../../../core/clock.js';
import { startTestApp } from '../../../test/helpers/app.js';
import b2b, { DelhiveryB2bSimulator } from './index.js';
import type { B2bSimulatorOptions } from './simulator.js';

export const COURIER = 'delhivery-b2b';
export const USERNAME = 'ltl-client';
export const PASSWORD = 'ltl-password-secret-42';
/** 09:30 IST on 10 March 2026. */
export const START = '2026-03-10T04:00:00.000Z';

interface Teardown {
  teardown(fn: () => unknown): void;
}

/** The real app with the B2B plugin pointed at a local LTL simulator, on a manual clock. */
export async function startB2b(t: Teardown, options: Partial<B2bSimulatorOptions> & { env?: Record<string, string> } = {}) {
  const clock = new ManualClock(START);
  const { env, ...simOptions } = options;
  const sim = await DelhiveryB2bSimulator.start({ username: USERNAME, password: PASSWORD, now: () => clock.now(), ...simOptions });
  t.teardown(() => sim.close());
  const { app, logs } = await startTestApp(t, {
    couriers: [b2b],
    clock,
    env: {
      WAYBILL_COURIER_DELHIVERY_B2B_BASE_URL: sim.url,
      WAYBILL_COURIER_DELHIVERY_B2B_USERNAME: USERNAME,
      WAYBILL_COURIER_DELHIVERY_B2B_PASSWORD: PASSWORD,
      // Same quota per window, a 1 ms slot: the limiter does not slow the tests down.
      WAYBILL_COURIER_DELHIVERY_B2B_QUOTA_WINDOW_SECONDS: '0.5',
      ...env,
    },
  });
  const register = async (lrs: string[]) => {
    const res = await app.inject({ method: 'POST', url: '/v1/shipments', payload: { shipments: lrs.map((trackingNumber) => ({ courier: COURIER, trackingNumber })) } });
    if (res.statusCode !== 201) throw new Error(`register failed: ${res.body}`);
  };
  const run = async () => {
    const result = await app.waybill.engine.runToCompletion(COURIER, 'manual');
    if (!result) throw new Error('run did not start');
    return result;
  };
  const view = async (lr: string) => (await app.inject({ url: `/v1/shipments/${COURIER}/${lr}` })).json();
  const courier = async () => (await app.inject({ url: `/v1/couriers/${COURIER}` })).json();
  /** Let every shipment fall due again (the core polls in-transit shipments every two hours). */
  const later = (hours = 3) => clock.advance(hours * 3_600_000);
  return { clock, sim, app, logs, register, run, view, courier, later };
}
