import { collectDefaultMetrics, Registry } from 'prom-client';
import type { FastifyInstance } from 'fastify';
import { registerBuildInfo } from './build-info.js';
import { registerCourierRequestMetrics } from './courier-request-metrics.js';
import { registerQuotaGauges } from './quota-gauges.js';
import { registerRunMetrics } from './run-metrics.js';
import { registerStoreGauges } from './store-gauges.js';
import { registerUsageGauges } from './usage-gauges.js';
import { registerWebhookMetrics } from './webhook-metrics.js';

/**
 * The app's own Prometheus registry (never prom-client's global one: one process may hold several apps,
 * as the tests do), with the process metrics, and counters fed by the engine from now on.
 */
export function createMetricsRegistry(waybill: FastifyInstance['waybill']): Registry {
  const registry = new Registry();
  registerStoreGauges(registry, waybill);
  registerRunMetrics(registry, waybill.engine);
  registerWebhookMetrics(registry, waybill.webhooks);
  registerCourierRequestMetrics(registry, waybill.engine);
  registerQuotaGauges(registry, waybill);
  registerUsageGauges(registry, waybill);
  registerBuildInfo(registry);
  collectDefaultMetrics({ register: registry });
  return registry;
}
