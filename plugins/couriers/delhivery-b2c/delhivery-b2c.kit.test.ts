import t from 'tap';
import { runCourierContract } from 'waybill/testing';
import { TRACK_PATH } from './adapter.js';
import b2c, { DelhiveryB2cSimulator, DOCUMENTED_STATUSES } from './index.js';

const TOKEN = 'kit-b2c-token-0123456789';
let next = 0;
const orderIdFor = (awb: string) => `KIT-${awb}`;

runCourierContract(t, {
  plugin: b2c,
  simulator: () => DelhiveryB2cSimulator.start({ token: TOKEN }),
  fixtures: new URL('./fixtures/', import.meta.url),
  credentials: { token: TOKEN },
  known: (sim, count) =>
    Array.from({ length: count }, () => {
      const awb = String(80_000_000_000_000 + ++next);
      sim.setShipment(awb, { status: 'In Transit', statusType: 'UD', referenceNo: orderIdFor(awb), statusDateTime: '2026-04-30T10:00:00' });
      return awb;
    }),
  orderIdFor,
  unknown: '89999999999999',
  isTrackRequest: (req) => req.path === TRACK_PATH,
  trackingNumbersOf: (req) => (req.query.waybill ?? '').split(',').filter((n) => n !== ''),
  documentedStatuses: DOCUMENTED_STATUSES,
});
