import type { FastifyInstance } from 'fastify';
import { loadConfig } from '../config/load.js';
import type { ServiceConfig } from '../config/schema.js';
import { buildApp, type AppOptions } from './app.js';
import { discoverPlugins } from './plugins/discover.js';
import { localCouriersWanted } from './plugins/local-couriers.js';

type Env = Readonly<Record<string, string | undefined>>;

/** What a test replaces; the service itself uses the defaults. */
export type AppFromEnvOverrides = Partial<Pick<AppOptions, 'clock' | 'logger' | 'schedule'>> & { cwd?: string };

/**
 * The service as `npm start` builds it from an environment: configuration (validated), every plugin under
 * plugins/ and every package named in WAYBILL_PLUGINS, couriers' local simulators when no real courier is
 * configured (WAYBILL_SANDBOX). `schedule: false` turns off everything that runs by itself (courier crons,
 * the outbox loop, effects' jobs). Call `ready()` or `listen()` on the app.
 */
export async function buildAppFromEnv(env: Env, overrides: AppFromEnvOverrides = {}): Promise<{ app: FastifyInstance; config: ServiceConfig }> {
  const { cwd, ...options } = overrides;
  const config = loadConfig(env);
  const { couriers, effects } = await discoverPlugins({ packages: config.plugins, ...(cwd ? { cwd } : {}) });
  const app = await buildApp({ config, couriers, effects, localCouriers: localCouriersWanted(config, couriers), ...options });
  return { app, config };
}
