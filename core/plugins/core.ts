import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';
import fp from 'fastify-plugin';
import type { AppConfig } from '../../config/schema.js';
import type { Clock } from '../clock.js';
import { CourierRegistry } from '../courier/registry.js';
import type { CheckObserver, SideEffect } from '../effects/contract.js';
import { OutboxDispatcher } from '../effects/dispatcher.js';
import { EffectRouter } from '../effects/router.js';
import { Engine } from '../engine/engine.js';
import { CourierPauses } from '../engine/pauses.js';
import type { Store } from '../store/port.js';

export interface Waybill {
  config: AppConfig;
  clock: Clock;
  store: Store;
  registry: CourierRegistry;
  effects: EffectRouter;
  pauses: CourierPauses;
  engine: Engine;
  outbox: OutboxDispatcher;
  /** This instance's identity in leases. */
  owner: string;
}

declare module 'fastify' {
  interface FastifyInstance {
    waybill: Waybill;
  }
}

export interface CoreOptions {
  config: AppConfig & { courierEnv: Record<string, string> };
  store: Store;
  clock: Clock;
  effects?: readonly SideEffect[];
  observers?: readonly CheckObserver[];
  instanceId?: string;
}

/** Decorates the app with the store, courier registry, engine and outbox; closes them in order on shutdown. */
export const corePlugin = fp<CoreOptions>(
  async (app, options) => {
    const { config, store, clock } = options;
    await store.init();
    const owner = options.instanceId ?? `${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;
    const registry = new CourierRegistry(config, clock, app.log);
    const effects = new EffectRouter();
    for (const effect of options.effects ?? []) effects.register(effect);
    for (const observer of options.observers ?? []) effects.addObserver(observer);
    const pauses = new CourierPauses(store, clock);
    const engine = new Engine({ store, registry, effects, pauses, clock, log: app.log, owner, leaseMs: config.leaseSeconds * 1000 });
    const outbox = new OutboxDispatcher({ store, effects, clock, log: app.log, owner });
    app.decorate('waybill', { config, clock, store, registry, effects, pauses, engine, outbox, owner });
    app.addHook('onClose', async () => {
      await engine.close();
      await registry.close();
      await store.close();
    });
  },
  { name: 'waybill-core', fastify: '5.x' },
);
