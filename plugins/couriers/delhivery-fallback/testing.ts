import { ManualClock } from 'waybill';
import { startCourierHarness } from 'waybill/testing';
import fallback, { DelhiveryFallbackSimulator } from './index.js';

export const COURIER = 'delhivery-fallback';
/** 09:30 IST on 10 March 2026. */
const START = '2026-03-10T04:00:00.000Z';

/**
 * The core courier harness with the fallback plugin against a local unified-tracking simulator, on a manual
 * clock. The harness opens the limiter up: the declared 5 s spacing and quota are tested apart.
 */
export async function startFallback(t: { teardown(fn: () => unknown): void }, env: Record<string, string> = {}) {
  const clock = new ManualClock(START);
  const h = await startCourierHarness(t, {
    plugin: fallback,
    simulator: () => DelhiveryFallbackSimulator.start({ now: () => clock.now() }),
    clock,
    env,
  });
  return {
    ...h,
    clock,
    register: (awbs: string[]) => h.register(awbs),
    view: h.lookup,
    /** Let every shipment fall due again (the core polls in-transit shipments every two hours). */
    later: (hours = 3) => clock.advance(hours * 3_600_000),
  };
}
