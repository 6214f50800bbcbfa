import t from 'tap';
import { runCourierContract } from 'waybill/testing';
import fallback, { DelhiveryFallbackSimulator, DOCUMENTED_STATUSES } from './index.js';

let next = 0;

runCourierContract(t, {
  plugin: fallback,
  simulator: () => DelhiveryFallbackSimulator.start(),
  fixtures: new URL('./fixtures/', import.meta.url),
  known: (sim, count) =>
    Array.from({ length: count }, () => {
      const awb = String(39_777_020_000_000 + ++next);
      sim.setShipment(awb, { status: 'IN_TRANSIT' });
      return awb;
    }),
  unknown: '39777029999999',
  isTrackRequest: (req) => req.path === '/v3/unified-tracking-new',
  trackingNumbersOf: (req) => (req.query.wbn ? [req.query.wbn] : []),
  documentedStatuses: DOCUMENTED_STATUSES,
});
