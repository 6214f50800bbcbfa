import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify, { type FastifyInstance, type FastifyPluginAsync, type FastifyPluginCallback, type FastifyServerOptions } from 'fastify';
import type { AppConfig } from '../config/schema.js';
import { systemClock, type Clock } from './clock.js';
import type { CourierPlugin } from './courier/plugin.js';
import type { CheckObserver, SideEffect } from './effects/contract.js';
import { courierRoutes } from './http/routes/couriers.js';
import { healthRoutes } from './http/routes/health.js';
import { runRoutes } from './http/routes/runs.js';
import { shipmentRoutes } from './http/routes/shipments.js';
import { formatValidationErrors } from './http/validation.js';
import { apiAuthPlugin } from './plugins/api-auth.js';
import { corePlugin } from './plugins/core.js';
import { schedulerPlugin } from './plugins/scheduler.js';
import { createStore } from './store/create.js';
import type { Store } from './store/port.js';

export interface AppOptions {
  config: AppConfig & { courierEnv: Record<string, string> };
  couriers: readonly CourierPlugin[];
  effects?: readonly SideEffect[];
  observers?: readonly CheckObserver[];
  clock?: Clock;
  /** Defaults to the store named by `config.store`. */
  store?: Store;
  /** Cron jobs, run-on-start and the outbox loop (default true). */
  schedule?: boolean;
  logger?: FastifyServerOptions['logger'];
  instanceId?: string;
  /** Integrations (e.g. the shop's orders collection), registered after the core and the couriers. */
  plugins?: readonly ExtraPlugin[];
}

export interface ExtraPlugin {
  // Each plugin brings its own options type.
  plugin: FastifyPluginAsync<any> | FastifyPluginCallback<any>;
  options?: unknown;
}

/**
 * Secrets that must never reach a log line, wherever a log call might put them: our API's and couriers'
 * Authorization headers (header names keep the case they were written in), credential and token fields by
 * the names courier declarations use, and the configuration (API keys, courier variables, a store URL with
 * a password). Pino matches `*` one level deep only, so top-level names are listed too.
 */
export const REDACTED_PATHS = [
  'headers.authorization',
  'headers.Authorization',
  '*.headers.authorization',
  '*.headers.Authorization',
  ...['password', 'token', 'access_token', 'secret', 'client_secret', 'api_key', 'apiKey', 'apiKeys', 'credentials', 'courierEnv'].flatMap((field) => [field, `*.${field}`]),
  'config.store',
];

export function loggerOptions(level: string) {
  return { level, redact: { paths: REDACTED_PATHS, censor: '[redacted]' } };
}

/** The Waybill service as a Fastify app: core, couriers, scheduler and HTTP API. Call `ready()` or `listen()`. */
export async function buildApp(options: AppOptions): Promise<FastifyInstance> {
  const { config } = options;
  const app = Fastify({
    logger: options.logger ?? loggerOptions(config.logLevel),
    ajv: { customOptions: { removeAdditional: false, coerceTypes: 'array', useDefaults: true } },
    schemaErrorFormatter: formatValidationErrors,
  }).withTypeProvider<TypeBoxTypeProvider>();

  await app.register(fastifySwagger, {
    openapi: {
      info: { title: 'Waybill', description: 'Courier tracking: cache-first lookups and run control', version: '0.1.0' },
      components: { securitySchemes: { apiKey: { type: 'http', scheme: 'bearer' } } },
      security: [{ apiKey: [] }],
    },
  });
  await app.register(fastifySwaggerUi, { routePrefix: '/docs' });
  await app.register(apiAuthPlugin, { keys: config.apiKeys, host: config.host });
  await app.register(corePlugin, {
    config,
    store: options.store ?? (await createStore(config.store)),
    clock: options.clock ?? systemClock,
    effects: options.effects ?? [],
    observers: options.observers ?? [],
    ...(options.instanceId ? { instanceId: options.instanceId } : {}),
  });
  for (const courier of options.couriers) await app.register(courier.plugin);
  await app.register(schedulerPlugin, { enabled: options.schedule ?? true });
  for (const extra of options.plugins ?? []) await app.register(extra.plugin, extra.options ?? {});
  await app.register(shipmentRoutes);
  await app.register(courierRoutes);
  await app.register(runRoutes);
  await app.register(healthRoutes);
  return app;
}
