import t from 'tap';
import { runCourierContract } from 'waybill/testing';
import shiprocket, { DOCUMENTED_STATUSES, ShiprocketSimulator, scan } from './index.js';
import { CREDENTIALS, awbs, isLoginRequest, isTrackRequest } from './testing.js';

let next = 0;

runCourierContract(t, {
  plugin: shiprocket,
  simulator: () => ShiprocketSimulator.start(CREDENTIALS),
  fixtures: new URL('./fixtures/', import.meta.url),
  credentials: CREDENTIALS,
  // Found, and in transit: a non-terminal status, so the shipments stay tracked.
  known: (sim, count) => {
    const numbers = awbs(`SRK${++next}X`, count);
    for (const awb of numbers) sim.setShipment(awb, { currentStatus: 'In Transit', shipmentStatus: 18, activities: [scan(18, '2026-04-30 10:00:00')] });
    return numbers;
  },
  unknown: 'SRUNKNOWN0001',
  isTrackRequest,
  trackingNumbersOf: (req) => (req.body as { awbs?: string[] } | undefined)?.awbs ?? [],
  documentedStatuses: DOCUMENTED_STATUSES,
  // An activity without a Shiprocket status carries the carrier's own code or words (tracking-data.ts).
  freeTextScan: (event) => event.status === event.code || event.status === event.description,
  tokens: { isTokenRequest: isLoginRequest, revoke: (sim) => sim.revokeTokens() },
});
