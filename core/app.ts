import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import type { ServiceConfig } from '../config/schema.js';
import { systemClock, type Clock } from './clock.js';
import type { CourierPlugin } from './courier/plugin.js';
import type { CheckObserver, SideEffect } from './effects/contract.js';
import type { EffectPlugin } from './effects/plugin.js';
import { courierRoutes } from './http/routes/couriers.js';
import { deliveryRoutes } from './http/routes/deliveries.js';
import { webhookRoutes } from './http/routes/webhooks.js';
import { healthRoutes } from './http/routes/health.js';
import { metricsRoutes } from './http/routes/metrics.js';
import { refreshJobRoutes } from './http/routes/refresh-jobs.js';
import { runRoutes } from './http/routes/runs.js';
import { checkRoutes } from './http/routes/checks.js';
import { usageRoutes } from './http/routes/usage.js';
import { orderRoutes } from './http/routes/orders.js';
import { shipmentRoutes } from './http/routes/shipments.js';
import { slaRoutes } from './http/routes/sla.js';
import { statsRoutes } from './http/routes/stats.js';
import { statusPageRoutes } from './http/routes/status-page.js';
import { trackRoutes } from './http/routes/track.js';
import { errorHandler, notFoundHandler } from './http/error-handler.js';
import { documentRoute, DOCS_PREFIX, swaggerOptions } from './http/openapi.js';
import { RequestLogController } from './http/request-logs.js';
import { buildSerializer } from './http/serializer.js';
import { finiteNumberKeyword, MAX_PATH_PARAM_LENGTH } from './http/limits.js';
import { boundedJsonKeyword } from './http/metadata.js';
import { formatValidationErrors } from './http/validation.js';
import { configWarnings } from './plugins/config-warnings.js';
import { apiAuthPlugin } from './plugins/api-auth.js';
import { corePlugin } from './plugins/core.js';
import { schedulerPlugin } from './plugins/scheduler.js';
import { slaPlugin } from './plugins/sla.js';
import { prettyTransport, type LogFormat } from './log-format.js';
import { createStore } from './store/create.js';
import type { Store } from './store/port.js';

export interface AppOptions {
  config: ServiceConfig;
  couriers: readonly CourierPlugin[];
  /** Effect plugins, each set up when its options are configured. */
  effects?: readonly EffectPlugin[];
  /** Side effects and check observers given directly (when embedding Waybill, and in tests). */
  sideEffects?: readonly SideEffect[];
  observers?: readonly CheckObserver[];
  clock?: Clock;
  /** Defaults to the store named by `config.store`. */
  store?: Store;
  /** Cron jobs, run-on-start, the outbox loop and effects' own jobs (default true). */
  schedule?: boolean;
  /** Couriers with a local simulator (the sandbox) start it and run against it (default false). */
  localCouriers?: boolean;
  logger?: FastifyServerOptions['logger'];
  instanceId?: string;
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

/** Pino options: secrets redacted; pretty lines when `format` asks for them (see prettyTransport). */
export function loggerOptions(level: string, format: LogFormat = 'json') {
  const transport = prettyTransport(format);
  return { level, redact: { paths: REDACTED_PATHS, censor: '[redacted]' }, ...(transport ? { transport } : {}) };
}

/** Fastify's trustProxy: a list as it is; n hops as proxy-addr counts them (Fastify's types lack the number form). */
const trustedProxies = (trust: number | string[]) => (typeof trust === 'number' ? (_address: string, hop: number) => hop < trust : trust);

/** The Waybill service as a Fastify app: core, couriers, scheduler, effects and HTTP API. Call `ready()` or `listen()`. */
export async function buildApp(options: AppOptions): Promise<FastifyInstance> {
  const { config } = options;
  const app = Fastify({
    logger: options.logger ?? loggerOptions(config.logLevel, config.logFormat),
    logController: new RequestLogController(),
    ajv: { customOptions: { removeAdditional: false, coerceTypes: 'array', useDefaults: true, keywords: [boundedJsonKeyword, finiteNumberKeyword] } },
    routerOptions: { maxParamLength: MAX_PATH_PARAM_LENGTH },
    ...(config.trustProxy !== undefined ? { trustProxy: trustedProxies(config.trustProxy) } : {}),
    schemaErrorFormatter: formatValidationErrors,
    schemaController: { compilersFactory: { buildSerializer } },
  }).withTypeProvider<TypeBoxTypeProvider>();

  for (const warning of configWarnings(config, options.couriers, options.effects ?? [])) app.log.warn(warning);
  app.setErrorHandler(errorHandler);
  app.setNotFoundHandler(notFoundHandler);
  app.addHook('onRoute', documentRoute(config.docs));

  try {
    await app.register(fastifySwagger, swaggerOptions);
    if (config.docs !== 'off') await app.register(fastifySwaggerUi, { routePrefix: DOCS_PREFIX });
    await app.register(apiAuthPlugin, { keys: config.apiKeys, host: config.host });
    await app.register(corePlugin, {
      config,
      store: options.store ?? (await createStore(config.store)),
      clock: options.clock ?? systemClock,
      sideEffects: options.sideEffects ?? [],
      observers: options.observers ?? [],
      schedule: options.schedule ?? true,
      localCouriers: options.localCouriers ?? false,
      ...(options.instanceId ? { instanceId: options.instanceId } : {}),
    });
    for (const courier of options.couriers) await app.register(courier.plugin);
    await app.register(schedulerPlugin);
    await app.register(slaPlugin);
    for (const effect of options.effects ?? []) await app.register(effect.plugin);
    await app.register(shipmentRoutes);
    await app.register(orderRoutes);
    await app.register(courierRoutes);
    await app.register(refreshJobRoutes);
    await app.register(slaRoutes);
    await app.register(runRoutes);
    await app.register(checkRoutes);
    await app.register(usageRoutes);
    await app.register(deliveryRoutes);
    await app.register(webhookRoutes);
    await app.register(healthRoutes);
    await app.register(metricsRoutes);
    await app.register(trackRoutes);
    await app.register(statsRoutes);
    await app.register(statusPageRoutes);
  } catch (error) {
    // Whatever registered before the failure (the store, a courier's local simulator) is closed again.
    await app.close().catch(() => undefined);
    throw error;
  }
  return app;
}
