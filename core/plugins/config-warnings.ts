import { courierEnvPrefix, effectEnvPrefix, SERVICE_VARIABLES } from '../../config/load.js';
import { AppConfigSchema, type ServiceConfig } from '../../config/schema.js';
import { didYouMean } from '../../config/suggest.js';
import { courierOptionSources } from '../courier/options.js';
import type { CourierPlugin } from '../courier/plugin.js';
import { effectOptionSources } from '../effects/options.js';
import type { EffectPlugin } from '../effects/plugin.js';

const variablesOf = (sources: readonly string[]) => sources.filter((s) => !s.startsWith('config file '));

/**
 * What the configuration names that no part of the service reads, each with the nearest known name: a
 * `WAYBILL_*` variable, a courier or effect (by variable or config-file entry), a top-level file key.
 * A known plugin's unknown options are its own warnings (CourierRegistry, defineEffect).
 */
export function configWarnings(config: ServiceConfig, couriers: readonly CourierPlugin[], effects: readonly EffectPlugin[]): string[] {
  const courierVariables = variablesOf(couriers.flatMap((c) => courierOptionSources(c.declaration)));
  const effectVariables = variablesOf(effects.flatMap((e) => effectOptionSources(e.declaration)));
  const known = [...SERVICE_VARIABLES, ...courierVariables, ...effectVariables];
  const courierPrefixes = couriers.map((c) => courierEnvPrefix(c.declaration.name));
  const effectPrefixes = effects.map((e) => effectEnvPrefix(e.declaration.name));
  const ownerless = (env: Record<string, string>, prefixes: readonly string[]) => Object.keys(env).filter((v) => !prefixes.some((p) => v.startsWith(p)));
  const courierNames = couriers.map((c) => c.declaration.name);
  const effectNames = effects.map((e) => e.declaration.name);
  return [
    ...config.unrecognized.variables.map((v) => `${v} is not a Waybill variable; ignored${didYouMean(v, known)}`),
    ...ownerless(config.courierEnv, courierPrefixes).map((v) => `${v} names no courier plugin; ignored${didYouMean(v, courierVariables)}`),
    ...ownerless(config.effectEnv, effectPrefixes).map((v) => `${v} names no effect plugin; ignored${didYouMean(v, effectVariables)}`),
    ...config.unrecognized.fileKeys.map((key) => `config file key ${key} is not a setting; ignored${didYouMean(key, Object.keys(AppConfigSchema.properties))}`),
    ...Object.keys(config.couriers)
      .filter((name) => !courierNames.includes(name))
      .map((name) => `config file key couriers.${name} names no courier plugin; ignored${didYouMean(name, courierNames)}`),
    ...Object.keys(config.effects)
      .filter((name) => !effectNames.includes(name))
      .map((name) => `config file key effects.${name} names no effect plugin; ignored${didYouMean(name, effectNames)}`),
  ];
}
