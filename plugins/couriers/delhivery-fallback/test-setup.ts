import { ManualClock } from '../../../core/clock.js';
import { startTestApp } from '../../../test/helpers/app.js';
import fallback, { DelhiveryFallbackSimulator } from './index.js';

export const COURIER = 'delhivery-fallback';
/** 09:30 IST on 10 March 2026. */
export const START = '2026-03-10T04:00:00.000Z';

interface Teardown {
  teardown(fn: () => unknown): void;
}

/** The real app with the fallback plugin pointed at a local unified-tracking simulator, on a manual clock. */
export async function startFallback(t: Teardown, env: Record<string, string> = {}) {
  const clock = new ManualClock(START);
  const sim = await DelhiveryFallbackSimulator.start({ now: () => clock.now() });
  t.teardown(() => sim.close());
  const { app, logs } = await startTestApp(t, {
    couriers: [fallback],
    clock,
    env: {
      WAYBILL_COURIER_DELHIVERY_FALLBACK_BASE_URL: sim.url,
      // The 5 s spacing and its quota are declared (tested apart); here they would only slow the tests.
      WAYBILL_COURIER_DELHIVERY_FALLBACK_SPACING_MS: '0',
      WAYBILL_COURIER_DELHIVERY_FALLBACK_QUOTA_WINDOW_SECONDS: '0.003',
      ...env,
    },
  });
  const register = async (awbs: string[]) => {
    const res = await app.inject({ method: 'POST', url: '/v1/shipments', payload: { shipments: awbs.map((trackingNumber) => ({ courier: COURIER, trackingNumber })) } });
    if (res.statusCode !== 201) throw new Error(`register failed: ${res.body}`);
  };
  const run = async () => {
    const result = await app.waybill.engine.runToCompletion(COURIER, 'manual');
    if (!result) throw new Error('run did not start');
    return result;
  };
  const view = async (awb: string) => (await app.inject({ url: `/v1/shipments/${COURIER}/${awb}` })).json();
  const courier = async () => (await app.inject({ url: `/v1/couriers/${COURIER}` })).json();
  /** Let every shipment fall due again (the core polls in-transit shipments every two hours). */
  const later = (hours = 3) => clock.advance(hours * 3_600_000);
  return { clock, sim, app, logs, register, run, view, courier, later };
}
