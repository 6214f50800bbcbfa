import { ManualClock } from 'waybill';
import { startCourierHarness } from 'waybill/testing';
import b2c, { DelhiveryB2cSimulator } from './index.js';
import type { B2cSimulatorOptions } from './simulator.js';

export const TOKEN = 'b2c-api-token-0123456789';
/** 09:30 IST on 10 March 2026. */
export const START = '2026-03-10T04:00:00.000Z';

/** The core courier harness with the B2C plugin against a local Delhivery simulator, on a manual clock. */
export async function startB2c(t: { teardown(fn: () => unknown): void }, options: Partial<B2cSimulatorOptions> & { env?: Record<string, string> } = {}) {
  const clock = new ManualClock(START);
  const { env, ...simOptions } = options;
  const h = await startCourierHarness(t, {
    plugin: b2c,
    simulator: () => DelhiveryB2cSimulator.start({ token: TOKEN, now: () => clock.now(), ...simOptions }),
    credentials: { token: TOKEN },
    clock,
    ...(env ? { env } : {}),
  });
  return {
    ...h,
    clock,
    register: (shipments: { trackingNumber: string; orderId?: string }[]) =>
      h.register(
        shipments.map((s) => s.trackingNumber),
        (tn) => {
          const orderId = shipments.find((s) => s.trackingNumber === tn)?.orderId;
          return orderId ? { orderId } : {};
        },
      ),
    view: h.lookup,
    /** Let every shipment fall due again (the core polls in-transit shipments every two hours). */
    later: (hours = 3) => clock.advance(hours * 3_600_000),
  };
}
