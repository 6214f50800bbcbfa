import t from 'tap';
import { runCourierContract } from 'waybill/testing';
import b2b, { DelhiveryB2bSimulator, DOCUMENTED_STATUSES } from './index.js';

const credentials = { username: 'kit-ltl-client', password: 'kit-ltl-password-7788' };
let next = 0;

runCourierContract(t, {
  plugin: b2b,
  simulator: () => DelhiveryB2bSimulator.start(credentials),
  fixtures: new URL('./fixtures/', import.meta.url),
  credentials,
  known: (sim, count) =>
    Array.from({ length: count }, () => {
      const lr = String(330_000_000 + ++next);
      sim.setLr(lr, { status: 'PICKED_UP' });
      return lr;
    }),
  unknown: '339999999',
  isTrackRequest: (req) => req.path === '/lrn/track',
  trackingNumbersOf: (req) => (req.query.lrnum ? [req.query.lrnum] : []),
  documentedStatuses: DOCUMENTED_STATUSES,
  tokens: { isTokenRequest: (req) => req.path === '/ums/login', revoke: (sim) => sim.revokeTokens() },
});
