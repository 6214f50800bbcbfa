import { randomBytes } from 'node:crypto';
import type { LocalCourier } from 'waybill';
import { SandboxSimulator } from './simulator.js';

/** The sandbox's API on a free loopback port, with fresh credentials the courier is pointed at. */
export async function startLocalSandbox(): Promise<LocalCourier> {
  const clientId = `sandbox-${randomBytes(4).toString('hex')}`;
  const clientSecret = randomBytes(24).toString('hex');
  const simulator = await SandboxSimulator.start({ clientId, clientSecret });
  return { options: { base_url: simulator.url, client_id: clientId, client_secret: clientSecret }, close: () => simulator.close() };
}
