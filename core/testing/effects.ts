import type { TObject } from 'typebox';
import { resolveEffect, type ResolvedEffect } from '../effects/options.js';
import type { EffectPlugin } from '../effects/plugin.js';

/**
 * What the service would configure an effect plugin with from `env` (WAYBILL_EFFECT_* variables) and the
 * config file's `effects.<name>` object: enabled with its validated options, or off and why. Throws the
 * ConfigError the service would stop with.
 */
export function effectOptions<S extends TObject>(
  plugin: EffectPlugin<S>,
  env: Readonly<Record<string, string>>,
  fileOptions: Readonly<Record<string, unknown>> = {},
): ResolvedEffect<S> {
  return resolveEffect(plugin.declaration, fileOptions, env);
}
