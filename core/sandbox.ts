import { randomBytes } from 'node:crypto';
import { courierEnvPrefix } from '../config/load.js';
import type { AppConfig } from '../config/schema.js';
import type { CourierPlugin } from './courier/plugin.js';
import { resolveCourier } from './courier/options.js';
import { SandboxSimulator } from '../plugins/couriers/sandbox/simulator.js';

type Config = AppConfig & { courierEnv: Record<string, string> };

/**
 * Real couriers the operator configured: enabled, with every credential, and, for a courier that needs no
 * credentials, named by at least one WAYBILL_COURIER_<NAME>_* variable or config-file option (its defaults
 * alone would make it count on every fresh clone).
 */
export function configuredCouriers(config: Config, couriers: readonly CourierPlugin[]): string[] {
  return couriers
    .filter((c) => c.declaration.name !== 'sandbox')
    .filter(({ declaration }) => {
      const fileOptions = config.couriers[declaration.name] ?? {};
      const resolved = resolveCourier(declaration, fileOptions, config.courierEnv);
      if (!resolved.definition.enabled || resolved.missingCredentials.length > 0) return false;
      return resolved.definition.credentials.length > 0 || Object.keys(fileOptions).length > 0 || hasCourierVariable(config, declaration.name);
    })
    .map((c) => c.declaration.name);
}

function hasCourierVariable(config: Config, courier: string): boolean {
  const prefix = courierEnvPrefix(courier);
  return Object.keys(config.courierEnv).some((variable) => variable.startsWith(prefix));
}

/** WAYBILL_SANDBOX=on, or =auto with no real courier configured. */
export function sandboxWanted(config: Config, couriers: readonly CourierPlugin[]): boolean {
  return config.sandbox === 'on' || (config.sandbox === 'auto' && configuredCouriers(config, couriers).length === 0);
}

/** When the sandbox is wanted: start its simulator on a free loopback port and point the sandbox courier at it with fresh credentials. */
export async function startSandboxIfWanted(config: Config, couriers: readonly CourierPlugin[]): Promise<{ config: Config; simulator: SandboxSimulator | null }> {
  if (!sandboxWanted(config, couriers) || !couriers.some((c) => c.declaration.name === 'sandbox')) return { config, simulator: null };
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
