import type { CourierPlugin } from 'waybill';
import type { CourierContractOptions } from 'waybill/testing';
import sandbox, { SandboxSimulator } from './index.js';
import { DOCUMENTED_STATUSES } from './statuses.js';

const credentials = { client_id: 'kit-client', client_secret: 'kit-client-secret-4242' };
let next = 0;

/** The contract kit's options for the sandbox courier; `plugin` swaps in another adapter (the kit's own tests). */
export function sandboxContract(plugin: CourierPlugin = sandbox): CourierContractOptions<SandboxSimulator> {
  return {
    plugin,
    simulator: () => SandboxSimulator.start({ clientId: credentials.client_id, clientSecret: credentials.client_secret }),
    fixtures: new URL('./fixtures/', import.meta.url),
    credentials,
    known: (_sim, count) => Array.from({ length: count }, () => `SBX-DELIVERED-${++next}`),
    unknown: 'SBX-NOTFOUND-1',
    isTrackRequest: (req) => req.path === '/v1/tracking/batch',
    trackingNumbersOf: (req) => (req.body as { tracking_numbers?: string[] } | undefined)?.tracking_numbers ?? [],
    documentedStatuses: DOCUMENTED_STATUSES,
    tokens: { isTokenRequest: (req) => req.path === '/oauth/token', revoke: (sim) => sim.revokeTokens() },
  };
}
