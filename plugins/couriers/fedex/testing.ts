import { ManualClock } from 'waybill';
import { startCourierHarness, type CourierContractOptions, type Harness, type SimRequest } from 'waybill/testing';
import { TOKEN_PATH, TRACK_PATH } from './declaration.js';
import fedex, { DOCUMENTED_STATUSES } from './index.js';
import type { FedExPackage } from './sim-track-result.js';
import { FedExSimulator, type FedExSimulatorOptions } from './simulator.js';

/** Test values of the API key and secret key of a FedEx project. */
export const CREDENTIALS = { client_id: 'l7a1b2c3d4e5f60718293a4b5c6d7e8f90', client_secret: 'fedex-test-secret-key-0a1b2c3d' };
/** 09:00 in Memphis on 10 March 2026. */
export const START = '2026-03-10T14:00:00.000Z';

export const isTrackRequest = (req: Pick<SimRequest, 'path'>): boolean => req.path === TRACK_PATH;
export const isTokenRequest = (req: Pick<SimRequest, 'path'>): boolean => req.path === TOKEN_PATH;
export const numbersOf = (req: Pick<SimRequest, 'body'>): string[] =>
  ((req.body as { trackingInfo?: { trackingNumberInfo?: { trackingNumber?: string } }[] } | undefined)?.trackingInfo ?? []).map((i) => i.trackingNumberInfo?.trackingNumber ?? '');

const simulatorWith = (now: () => Date, options: Partial<FedExSimulatorOptions> = {}) =>
  FedExSimulator.start({ clientId: CREDENTIALS.client_id, clientSecret: CREDENTIALS.client_secret, now, ...options });

/** Twelve-digit numbers, like FedEx Express and Ground's: `prefix` (digits) then a running number. */
export const trackingNumbers = (prefix: string, count: number): string[] => Array.from({ length: count }, (_, i) => `${prefix}${String(i).padStart(12 - prefix.length, '0')}`);

/** A package between two FedEx hubs, estimated for 12 March. */
export const IN_TRANSIT: FedExPackage = {
  code: 'IT',
  description: 'On the way',
  city: 'MEMPHIS',
  stateOrProvinceCode: 'TN',
  countryCode: 'US',
  scans: [
    { date: '2026-03-09T18:20:00-06:00', eventType: 'PU', city: 'MEMPHIS', stateOrProvinceCode: 'TN', countryCode: 'US' },
    { date: '2026-03-10T06:45:00-06:00', eventType: 'AR', eventDescription: 'Arrived at FedEx hub', city: 'MEMPHIS', stateOrProvinceCode: 'TN', countryCode: 'US' },
  ],
  dateAndTimes: [{ type: 'ESTIMATED_DELIVERY', dateTime: '2026-03-12T20:00:00-05:00' }],
};

export const DELIVERED: FedExPackage = {
  code: 'DL',
  description: 'Delivered',
  city: 'BROOKLYN',
  stateOrProvinceCode: 'NY',
  countryCode: 'US',
  scans: [
    ...IN_TRANSIT.scans!,
    { date: '2026-03-12T08:05:00-05:00', eventType: 'OD', city: 'BROOKLYN', stateOrProvinceCode: 'NY', countryCode: 'US' },
    { date: '2026-03-12T13:41:57-05:00', eventType: 'DL', derivedStatusCode: 'DL', city: 'BROOKLYN', stateOrProvinceCode: 'NY', countryCode: 'US' },
  ],
  dateAndTimes: [{ type: 'ACTUAL_DELIVERY', dateTime: '2026-03-12T13:41:57-05:00' }],
};

export function inTransit(sim: FedExSimulator, numbers: readonly string[]): void {
  for (const n of numbers) sim.setPackage(n, IN_TRANSIT);
}

/**
 * The original after a failed delivery that FedEx sends back to the shipper under `returnNumber`: the current
 * status of a live answer (DE with ancillary reason 14 naming the return number) and the package identifier
 * RETURNED_TO_SHIPPER_TRACKING_NUMBER a live client reads [code].
 */
export function returningToShipper(sim: FedExSimulator, original: string, returnNumber: string): void {
  sim.setPackage(original, {
    code: 'DE',
    description: 'Delivery exception',
    city: 'HERMOSILLO',
    stateOrProvinceCode: 'SO',
    countryCode: 'MX',
    ancillaryDetails: [
      {
        reason: '14',
        reasonDescription: `Return tracking number ${returnNumber}`,
        action: 'No action is required.  The package is being returned to the shipper.',
        actionDescription: 'Unable to deliver shipment, returned to shipper',
      },
    ],
    packageIdentifiers: [{ type: 'RETURNED_TO_SHIPPER_TRACKING_NUMBER', values: [returnNumber] }],
    scans: [
      ...IN_TRANSIT.scans!,
      { date: '2026-03-12T10:15:00-07:00', eventType: 'DE', exceptionCode: '08', exceptionDescription: 'Customer not available or business closed', city: 'HERMOSILLO', countryCode: 'MX' },
      { date: '2026-03-14T09:02:00-07:00', eventType: 'DE', exceptionCode: '14', exceptionDescription: 'Unable to deliver shipment, returned to shipper', city: 'HERMOSILLO', countryCode: 'MX' },
    ],
  });
}

/**
 * A multi-piece shipment: the master and two more packages, each trackable under its own number with its
 * own status (the packages name the master as STANDARD_MPS [code]). Defaults: master delivered, the second
 * package out for delivery, the third in transit.
 */
export function addMultiPieceShipment(
  sim: FedExSimulator,
  { master, packages, statuses = [DELIVERED, { ...IN_TRANSIT, code: 'OD', derivedCode: 'OD', description: 'On FedEx vehicle for delivery' }, IN_TRANSIT] }: { master: string; packages: readonly [string, string]; statuses?: readonly [FedExPackage, FedExPackage, FedExPackage] },
): void {
  const numbers = [master, ...packages];
  numbers.forEach((n, i) =>
    sim.setPackage(n, {
      ...statuses[i]!,
      packageIdentifiers: [{ type: 'STANDARD_MPS', values: [master] }],
      hasAssociatedShipments: n === master,
      sequenceNumber: i + 1,
      count: numbers.length,
    }),
  );
}

let next = 0;

/** The contract kit's options for FedEx: numbers the simulator knows are in transit; tokens expire at FedEx. */
export function fedexContract(): CourierContractOptions<FedExSimulator> {
  return {
    plugin: fedex,
    simulator: (clock) => simulatorWith(() => clock.now()),
    fixtures: new URL('./fixtures/', import.meta.url),
    credentials: CREDENTIALS,
    known: (sim, count) => {
      const numbers = trackingNumbers(`7${++next}`, count);
      inTransit(sim, numbers);
      return numbers;
    },
    unknown: '999999999999',
    isTrackRequest,
    trackingNumbersOf: numbersOf,
    documentedStatuses: DOCUMENTED_STATUSES.map((s) => s.status),
    tokens: { isTokenRequest, revoke: (sim) => sim.expireTokens() },
  };
}

export type FedExHarness = Harness<FedExSimulator> & { clock: ManualClock };

/** The real app (HTTP API, engine, SQLite) with the FedEx plugin pointed at its simulator, on one manual clock. */
export async function startFedEx(
  t: { teardown(fn: () => unknown): void },
  o: { options?: Record<string, string>; sim?: Partial<FedExSimulatorOptions> } = {},
): Promise<FedExHarness> {
  const clock = new ManualClock(START);
  const h = await startCourierHarness(t, { plugin: fedex, simulator: () => simulatorWith(() => clock.now(), o.sim), clock, credentials: CREDENTIALS, ...(o.options ? { options: o.options } : {}) });
  return { ...h, clock };
}
