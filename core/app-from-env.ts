import type { FastifyInstance } from 'fastify';
import { loadConfig } from '../config/load.js';
import type { AppConfig } from '../config/schema.js';
import { ordersConfigFromEnv } from '../plugins/effects/orders-mongo/env.js';
import { buildApp, type AppOptions } from './app.js';
import { discoverCouriers } from './courier/discover.js';
import { startSandboxIfWanted } from './sandbox.js';

type Env = Readonly<Record<string, string | undefined>>;

/** What a test replaces; the service itself uses the defaults. */
export type AppFromEnvOverrides = Partial<Pick<AppOptions, 'clock' | 'logger' | 'schedule'>>;

/**
 * The service as `npm start` builds it from an environment: configuration (validated), every courier in
 * plugins/couriers, the sandbox simulator when no real courier is configured, and the shop's orders
 * collection when WAYBILL_ORDERS_URL is set. `schedule: false` turns off everything that runs by itself
 * (courier crons, the outbox loop, the orders sync). Call `ready()` or `listen()` on the app.
 */
export async function buildAppFromEnv(env: Env, overrides: AppFromEnvOverrides = {}): Promise<{ app: FastifyInstance; config: AppConfig }> {
  const couriers = await discoverCouriers();
  const { config, simulator } = await startSandboxIfWanted(loadConfig(env), couriers);
  try {
    const orders = ordersConfigFromEnv(env);
    const plugins = orders
      ? [{ plugin: (await import('../plugins/effects/orders-mongo/index.js')).ordersMongoPlugin, options: { ...orders, schedule: overrides.schedule ?? true } }]
      : [];
    const app = await buildApp({ config, couriers, plugins, ...overrides });
    if (simulator) {
      app.log.info({ simulator: simulator.url }, 'no real courier configured: sandbox courier and its simulator started (WAYBILL_SANDBOX=off to disable)');
      app.addHook('onClose', () => simulator.close());
    }
    return { app, config };
  } catch (error) {
    await simulator?.close();
    throw error;
  }
}
