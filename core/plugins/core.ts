import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';
import fp from 'fastify-plugin';
import type { ServiceConfig } from '../../config/schema.js';
import type { Clock } from '../clock.js';
import { CourierRegistry } from '../courier/registry.js';
import type { CheckObserver, SideEffect } from '../effects/contract.js';
import { OutboxDispatcher } from '../effects/dispatcher.js';
import { EffectRouter } from '../effects/router.js';
import { Engine } from '../engine/engine.js';
import { CourierGate } from '../engine/gate.js';
import { CourierPauses } from '../engine/pauses.js';
import { SharedLimits } from '../engine/shared-limits.js';
import { WebhookIntake } from '../engine/push.js';
import type { Store } from '../store/port.js';

/** The services every part of the app (routes, courier and effect plugins) reaches through `app.waybill`. */
export interface Waybill {
  config: ServiceConfig;
  clock: Clock;
  store: Store;
  registry: CourierRegistry;
  effects: EffectRouter;
  pauses: CourierPauses;
  /** May a courier send now: pauses, cool-downs and the daily budget. */
  gate: CourierGate;
  engine: Engine;
  outbox: OutboxDispatcher;
  /** What push couriers' webhooks say, applied like poll results. */
  webhooks: WebhookIntake;
  /** This instance's identity in leases. */
  owner: string;
  /** Background work runs (cron jobs, run-on-start, the outbox loop, effects' own jobs); off in tests that drive runs. */
  schedule: boolean;
  /** Couriers that bring a local simulator (the sandbox) start it and run against it. */
  localCouriers: boolean;
}

declare module 'fastify' {
  interface FastifyInstance {
    waybill: Waybill;
  }
}

export interface CoreOptions {
  config: ServiceConfig;
  store: Store;
  clock: Clock;
  sideEffects?: readonly SideEffect[];
  observers?: readonly CheckObserver[];
  instanceId?: string;
  schedule: boolean;
  localCouriers: boolean;
}

/** Decorates the app with the store, courier registry, engine and outbox; closes them in order on shutdown. */
export const corePlugin = fp<CoreOptions>(
  async (app, options) => {
    const { config, store, clock } = options;
    await store.init();
    const owner = options.instanceId ?? `${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;
    const shared = config.redisUrl ? new SharedLimits(config.redisUrl) : undefined;
    const registry = new CourierRegistry(config, clock, app.log, shared);
    const effects = new EffectRouter();
    for (const effect of options.sideEffects ?? []) effects.register(effect);
    for (const observer of options.observers ?? []) effects.addObserver(observer);
    const pauses = new CourierPauses(store.courierState, clock);
    const gate = new CourierGate(pauses, store.apiCalls, clock);
    const { attentionAfterFailures } = config;
    const engine = new Engine({ store, registry, effects, pauses, gate, clock, log: app.log, owner, leaseMs: config.leaseSeconds * 1000, attentionAfterFailures });
    const outbox = new OutboxDispatcher({ outbox: store.outbox, effects, clock, log: app.log, owner, leaseMs: config.outboxLeaseSeconds * 1000 });
    const webhooks = new WebhookIntake({ store, effects, clock, log: app.log });
    const { schedule, localCouriers } = options;
    app.decorate('waybill', { config, clock, store, registry, effects, pauses, gate, engine, outbox, webhooks, owner, schedule, localCouriers });
    app.addHook('onClose', async () => {
      await engine.close();
      await registry.close();
      await shared?.close();
      await store.close();
    });
  },
  { name: 'waybill-core', fastify: '5.x' },
);
