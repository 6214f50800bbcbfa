import t from 'tap';
import type { CourierAdapter } from '../../../core/courier/adapter.js';
import { defineCourier } from '../../../core/courier/plugin.js';
import { runCourierContract } from '../../../core/testing/kit.js';
import { SandboxSimulator } from '../../../plugins/couriers/sandbox/index.js';
import { sandboxDeclaration } from '../../../plugins/couriers/sandbox/declaration.js';
import { DOCUMENTED_STATUSES } from '../../../plugins/couriers/sandbox/statuses.js';

const credentials = { client_id: 'kit-client', client_secret: 'kit-client-secret-4242' };
let next = 0;

/** The contract kit run on the sandbox courier with another adapter: what a broken plugin would look like. */
export function runKitOn(adapter: CourierAdapter): void {
  runCourierContract(t, {
    plugin: defineCourier(sandboxDeclaration, adapter),
    simulator: () => SandboxSimulator.start({ clientId: credentials.client_id, clientSecret: credentials.client_secret }),
    credentials,
    known: (_sim, count) => Array.from({ length: count }, () => `SBX-DELIVERED-${++next}`),
    unknown: 'SBX-NOTFOUND-1',
    isTrackRequest: (req) => req.path === '/v1/tracking/batch',
    trackingNumbersOf: (req) => (req.body as { tracking_numbers?: string[] } | undefined)?.tracking_numbers ?? [],
    documentedStatuses: DOCUMENTED_STATUSES,
    tokens: { isTokenRequest: (req) => req.path === '/oauth/token', revoke: (sim) => sim.revokeTokens() },
  });
}
