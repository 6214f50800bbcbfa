import { ManualClock } from '../../../core/clock.js';
import { startTestApp } from '../../../test/helpers/app.js';
import b2c, { DelhiveryB2cSimulator } from './index.js';
import type { B2cSimulatorOptions } from './simulator.js';

export const COURIER = 'delhivery-b2c';
export const TOKEN = 'b2c-api-token-0123456789';
/** 09:30 IST on 10 March 2026. */
export const START = '2026-03-10T04:00:00.000Z';

interface Teardown {
  teardown(fn: () => unknown): void;
}

/** The real app with the B2C plugin pointed at a local Delhivery simulator, on a manual clock. */
export async function startB2c(t: Teardown, options: Partial<B2cSimulatorOptions> & { env?: Record<string, string> } = {}) {
  const clock = new ManualClock(START);
  const { env, ...simOptions } = options;
  const sim = await DelhiveryB2cSimulator.start({ token: TOKEN, now: () => clock.now(), ...simOptions });
  t.teardown(() => sim.close());
  const { app, logs } = await startTestApp(t, {
    couriers: [b2c],
    clock,
    env: {
      WAYBILL_COURIER_DELHIVERY_B2C_BASE_URL: sim.url,
      WAYBILL_COURIER_DELHIVERY_B2C_TOKEN: TOKEN,
      // Same quota per window, a 1 ms window slot: the limiter does not slow the tests down.
      WAYBILL_COURIER_DELHIVERY_B2C_QUOTA_WINDOW_SECONDS: '0.75',
      ...env,
    },
  });
  const register = async (shipments: { trackingNumber: string; orderId?: string }[]) => {
    const res = await app.inject({ method: 'POST', url: '/v1/shipments', payload: { shipments: shipments.map((s) => ({ courier: COURIER, ...s })) } });
    if (res.statusCode !== 201) throw new Error(`register failed: ${res.body}`);
  };
  const run = async () => {
    const result = await app.waybill.engine.runToCompletion(COURIER, 'manual');
    if (!result) throw new Error('run did not start');
    return result;
  };
  const view = async (trackingNumber: string) => (await app.inject({ url: `/v1/shipments/${COURIER}/${trackingNumber}` })).json();
  const courier = async () => (await app.inject({ url: `/v1/couriers/${COURIER}` })).json();
  /** Let every shipment fall due again (the core polls in-transit shipments every two hours). */
  const later = (hours = 3) => clock.advance(hours * 3_600_000);
  return { clock, sim, app, logs, register, run, view, courier, later };
}
