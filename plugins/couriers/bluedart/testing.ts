import { ManualClock } from 'waybill';
import { startCourierHarness, type CourierContractOptions, type Harness } from 'waybill/testing';
import { numbersOf } from './api.js';
import bluedart, { BlueDartSimulator, DOCUMENTED_STATUSES } from './index.js';
import type { BlueDartSimulatorOptions } from './simulator.js';
import { isTrackRequest } from './simulator.js';

export const COURIER = 'bluedart';
export const LOGIN_ID = 'BDTEST0042';
export const LICENCE_KEY = 'bd-test-licence-key-7f3a9c21';
export const CREDENTIALS = { login_id: LOGIN_ID, licence_key: LICENCE_KEY };
/** 11:30 IST on 1 May 2026. */
export const START = '2026-05-01T06:00:00.000Z';

export { isTrackRequest };

let next = 0;
/** Fresh 11-digit waybill numbers, as Blue Dart's are. */
export const waybills = (count: number): string[] => Array.from({ length: count }, () => String(59_600_000_000 + ++next));

/** The contract kit's options for Blue Dart. */
export function bluedartContract(): CourierContractOptions<BlueDartSimulator> {
  return {
    plugin: bluedart,
    simulator: (clock) => BlueDartSimulator.start({ loginId: LOGIN_ID, licenceKey: LICENCE_KEY, now: () => clock.now() }),
    fixtures: new URL('./fixtures/', import.meta.url),
    credentials: CREDENTIALS,
    // The fixtures (and the kit's damaged copies of them) are JSON answers; XML is tested beside the kit.
    options: { format: 'json' },
    known: (sim, count) =>
      waybills(count).map((waybill) => {
        sim.setShipment(waybill, { status: 'SHIPMENT ARRIVED AT HUB', statusType: 'UD', refNo: `KIT-${waybill}` });
        return waybill;
      }),
    unknown: '59999999999',
    isTrackRequest,
    trackingNumbersOf: (req) => numbersOf(req.query),
    documentedStatuses: DOCUMENTED_STATUSES,
  };
}

export type BlueDartHarness = Harness<BlueDartSimulator> & {
  clock: ManualClock;
  /** Move the clock on (default 3 h: every in-transit shipment is due again). */
  later(hours?: number): void;
};

/** The app with the Blue Dart plugin against its simulator; app and simulator share a manual clock. */
export async function startBlueDart(
  t: { teardown(fn: () => unknown): void },
  o: { options?: Record<string, string>; credentials?: Record<string, string>; simulator?: Partial<BlueDartSimulatorOptions> } = {},
): Promise<BlueDartHarness> {
  const clock = new ManualClock(START);
  const h = await startCourierHarness(t, {
    plugin: bluedart,
    simulator: () => BlueDartSimulator.start({ loginId: LOGIN_ID, licenceKey: LICENCE_KEY, now: () => clock.now(), ...o.simulator }),
    credentials: { ...CREDENTIALS, ...o.credentials },
    ...(o.options ? { options: o.options } : {}),
    clock,
  });
  return { ...h, clock, later: (hours = 3) => clock.advance(hours * 3_600_000) };
}
