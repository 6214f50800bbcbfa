import { randomBytes } from 'node:crypto';
import { courierEnvPrefix } from '../config/load.js';
import type { AppConfig } from '../config/schema.js';
import type { CourierPlugin } from './courier/plugin.js';
import { resolveCourier } from './courier/options.js';
import { SandboxSimulator } from '../plugins/couriers/sandbox/simulator.js';

type Config = AppConfig & { courierEnv: Record<string, string> };

/** Couriers other than the sandbox that are enabled and have every credential. */
export function configuredCouriers(config: Config, couriers: readonly CourierPlugin[]): string[] {
  return couriers
    .filter((c) => c.declaration.name !== 'sandbox')
    .filter((c) => {
      const resolved = resolveCourier(c.declaration, config.couriers[c.declaration.name] ?? {}, config.courierEnv);
      return resolved.definition.enabled && resolved.missingCredentials.length === 0;
    })
    .map((c) => c.declaration.name);
}

/**
 * With WAYBILL_SANDBOX=on, or =auto and no real courier configured: start the sandbox simulator on a free
 * loopback port and point the sandbox courier at it with fresh credentials.
 */
export async function startSandboxIfWanted(config: Config, couriers: readonly CourierPlugin[]): Promise<{ config: Config; simulator: SandboxSimulator | null }> {
  const wanted = config.sandbox === 'on' || (config.sandbox === 'auto' && configuredCouriers(config, couriers).length === 0);
  if (!wanted || !couriers.some((c) => c.declaration.name === 'sandbox')) return { config, simulator: null };
  const clientId = `sandbox-${randomBytes(4).toString('hex')}`;
  const clientSecret = randomBytes(24).toString('hex');
  const simulator = await SandboxSimulator.start({ clientId, clientSecret });
  const prefix = courierEnvPrefix('sandbox');
  return {
    simulator,
    config: {
      ...config,
      courierEnv: {
        ...config.courierEnv,
        [`${prefix}BASE_URL`]: simulator.url,
        [`${prefix}CLIENT_ID`]: clientId,
        [`${prefix}CLIENT_SECRET`]: clientSecret,
      },
    },
  };
}
