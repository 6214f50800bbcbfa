import t from 'tap';
import { runCourierContract } from 'waybill/testing';
import velocity, { DOCUMENTED_STATUSES, VelocitySimulator } from './index.js';
import { PASSWORD, USERNAME, awbs, inTransit, isLoginRequest, isTrackRequest } from './testing.js';

let next = 0;

runCourierContract(t, {
  plugin: velocity,
  simulator: () => VelocitySimulator.start({ username: USERNAME, password: PASSWORD }),
  fixtures: new URL('./fixtures/', import.meta.url),
  credentials: { username: USERNAME, password: PASSWORD },
  known: (sim, count) => {
    const numbers = awbs(`VK${++next}X`, count);
    inTransit(sim, numbers);
    return numbers;
  },
  unknown: 'VUNKNOWN0001',
  isTrackRequest,
  trackingNumbersOf: (req) => (req.body as { awbs?: string[] } | undefined)?.awbs ?? [],
  documentedStatuses: DOCUMENTED_STATUSES.map((s) => s.status),
  tokens: { isTokenRequest: isLoginRequest, revoke: (sim) => sim.revokeTokens() },
});
