import { randomBytes } from 'node:crypto';
import type { LocalCourier } from 'waybill';
import { SandboxSimulator } from './simulator.js';

/**
 * The sandbox's API on a free loopback port, with fresh credentials the courier is pointed at; once the
 * service listens, deliveries made at the sandbox arrive by signed webhook (SBX-PUSH-…), a step every 10 s.
 */
export async function startLocalSandbox(): Promise<LocalCourier> {
  const clientId = `sandbox-${randomBytes(4).toString('hex')}`;
  const clientSecret = randomBytes(24).toString('hex');
  const webhookSecret = randomBytes(24).toString('hex');
  const simulator = await SandboxSimulator.start({ clientId, clientSecret, webhookSecret });
  return {
    options: { base_url: simulator.url, client_id: clientId, client_secret: clientSecret, webhook_secret: webhookSecret },
    listening: (serviceUrl, settings) => simulator.startPushing(`${serviceUrl}/v1/webhooks/sandbox`, Number(settings.push_every_ms ?? 10_000)),
    close: () => simulator.close(),
  };
}
