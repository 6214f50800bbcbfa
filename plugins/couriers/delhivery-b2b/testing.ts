import { ManualClock } from 'waybill';
import { startCourierHarness } from 'waybill/testing';
import b2b, { DelhiveryB2bSimulator } from './index.js';
import type { B2bSimulatorOptions } from './simulator.js';

export const USERNAME = 'ltl-client';
export const PASSWORD = 'ltl-password-secret-42';
/** 09:30 IST on 10 March 2026. */
export const START = '2026-03-10T04:00:00.000Z';

/** The core courier harness with the B2B plugin against a local LTL simulator, on a manual clock. */
export async function startB2b(t: { teardown(fn: () => unknown): void }, options: Partial<B2bSimulatorOptions> & { env?: Record<string, string> } = {}) {
  const clock = new ManualClock(START);
  const { env, ...simOptions } = options;
  const h = await startCourierHarness(t, {
    plugin: b2b,
    simulator: () => DelhiveryB2bSimulator.start({ username: USERNAME, password: PASSWORD, now: () => clock.now(), ...simOptions }),
    credentials: { username: USERNAME, password: PASSWORD },
    clock,
    ...(env ? { env } : {}),
  });
  return {
    ...h,
    clock,
    register: (lrs: string[]) => h.register(lrs),
    view: h.lookup,
    /** Let every shipment fall due again (the core polls in-transit shipments every two hours). */
    later: (hours = 3) => clock.advance(hours * 3_600_000),
  };
}
