import { courierEnvPrefix } from '../../config/load.js';
import type { ServiceConfig } from '../../config/schema.js';
import { resolveCourier } from '../courier/options.js';
import type { CourierPlugin } from '../courier/plugin.js';

/** The operator named the courier: a WAYBILL_COURIER_<NAME>_* variable or a config-file entry. */
export function namedInConfiguration(config: Pick<ServiceConfig, 'couriers' | 'courierEnv'>, courier: string): boolean {
  const prefix = courierEnvPrefix(courier);
  return Object.keys(config.couriers[courier] ?? {}).length > 0 || Object.keys(config.courierEnv).some((variable) => variable.startsWith(prefix));
}

/**
 * Real couriers the operator configured (those without a local simulator): enabled, with every credential,
 * and, for a courier that needs no credentials, named by at least one WAYBILL_COURIER_<NAME>_* variable or
 * config-file option (its defaults alone would make it count on every fresh clone).
 */
export function configuredCouriers(config: ServiceConfig, couriers: readonly CourierPlugin[]): string[] {
  return couriers
    .filter((c) => c.localSimulator === undefined)
    .filter(({ declaration }) => {
      const fileOptions = config.couriers[declaration.name] ?? {};
      const resolved = resolveCourier(declaration, fileOptions, config.courierEnv);
      if (!resolved.definition.enabled || resolved.missingCredentials.length > 0) return false;
      return resolved.definition.credentials.length > 0 || namedInConfiguration(config, declaration.name);
    })
    .map((c) => c.declaration.name);
}

/** WAYBILL_SANDBOX=on, or =auto with no real courier configured: couriers with a local simulator start it. */
export function localCouriersWanted(config: ServiceConfig, couriers: readonly CourierPlugin[]): boolean {
  return config.sandbox === 'on' || (config.sandbox === 'auto' && configuredCouriers(config, couriers).length === 0);
}
