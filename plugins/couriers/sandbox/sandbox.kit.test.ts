import t from 'tap';
import { runCourierContract } from '../../../core/testing/kit.js';
import sandbox, { SandboxSimulator } from './index.js';
import { SANDBOX_STATUSES } from './statuses.js';

const credentials = { client_id: 'kit-client', client_secret: 'kit-client-secret-4242' };
let next = 0;

runCourierContract(t, {
  plugin: sandbox,
  simulator: () => SandboxSimulator.start({ clientId: credentials.client_id, clientSecret: credentials.client_secret }),
  credentials,
  known: (_sim, count) => Array.from({ length: count }, () => `SBX-DELIVERED-${++next}`),
  unknown: 'SBX-NOTFOUND-1',
  isTrackRequest: (req) => req.path === '/v1/tracking/batch',
  documentedStatuses: SANDBOX_STATUSES.map((row) => row.status),
  tokens: { isTokenRequest: (req) => req.path === '/oauth/token', revoke: (sim) => sim.revokeTokens() },
});
