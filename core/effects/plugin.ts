import type { FastifyBaseLogger, FastifyInstance, FastifyPluginAsync } from 'fastify';
import fp from 'fastify-plugin';
import type { Static, TObject } from 'typebox';
import { ConfigError } from '../../config/errors.js';
import { didYouMean } from '../../config/suggest.js';
import { effectOptionSources, resolveEffect } from './options.js';

/** What an effect plugin declares: its name and the options it is configured with. */
export interface EffectDeclaration<S extends TObject = TObject> {
  /** Lower case letters, digits and hyphens; its variables are WAYBILL_EFFECT_<NAME>_<OPTION>. */
  name: string;
  displayName: string;
  /**
   * The options as a TypeBox object schema, camelCase keys with their defaults. In the environment an
   * option is its name in upper snake case (`ordersCollection` → `…_ORDERS_COLLECTION`); numbers and
   * booleans are parsed, arrays are JSON or comma-separated, objects JSON.
   */
  options: S;
  /** Options without which the effect stays off (one log line names the variables to set). */
  requires: readonly (keyof Static<S> & string)[];
}

/** What an enabled effect is set up with. */
export interface EffectSetup<O> {
  /** The app: `app.waybill` (store, effect router, registry, clock …), decorators, hooks, `app.scheduler`. */
  app: FastifyInstance;
  options: O;
  log: FastifyBaseLogger;
  /** False when the app runs nothing by itself (tests drive runs): start no cron job or sync then. */
  schedule: boolean;
  /** Where the value at a JSON pointer of the options came from, for errors: `WAYBILL_EFFECT_…_CRON (cron)`. */
  sourceOf(pointer: string): string;
}

export interface EffectPlugin<S extends TObject = TObject> {
  kind: 'effect';
  declaration: EffectDeclaration<S>;
  /** Registered by the app after the core, the couriers and the scheduler. */
  plugin: FastifyPluginAsync;
}

/**
 * An effect plugin: its declaration and the code that sets it up (registers side effects with
 * `app.waybill.effects`, observers, cron jobs …). Set up only when its required options are configured.
 */
export function defineEffect<S extends TObject>(declaration: EffectDeclaration<S>, setup: (setup: EffectSetup<Static<S>>) => Promise<void>): EffectPlugin<S> {
  if (!/^[a-z][a-z0-9-]*$/.test(declaration.name)) {
    throw new ConfigError(`effect plugin "${declaration.name}": its name must be lower case letters, digits and hyphens, starting with a letter`);
  }
  const plugin = fp(
    async (app) => {
      const { config, schedule } = app.waybill;
      const resolved = resolveEffect(declaration, config.effects[declaration.name] ?? {}, config.effectEnv);
      const log = app.log.child({ effect: declaration.name });
      const known = effectOptionSources(declaration);
      for (const option of resolved.unknownOptions) log.warn(`${option} is not an option of effect ${declaration.name}; ignored${didYouMean(option, known)}`);
      if (!resolved.enabled) {
        log.info(`effect ${declaration.name} off: ${resolved.reason}`);
        return;
      }
      await setup({ app, options: resolved.options, log, schedule, sourceOf: resolved.sourceOf });
    },
    { name: `waybill-effect-${declaration.name}`, dependencies: ['waybill-core', 'waybill-scheduler'], fastify: '5.x' },
  );
  return { kind: 'effect', declaration, plugin };
}
