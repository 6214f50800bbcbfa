import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { createMetricsRegistry } from '../metrics/registry.js';

/** Prometheus exposition of this app's registry; scrapes are logged at debug. */
export const metricsRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const registry = createMetricsRegistry(app.waybill);
  app.get(
    '/metrics',
    {
      config: { quietLogs: true },
      schema: {
        tags: ['service'],
        operationId: 'getMetrics',
        summary: 'Prometheus metrics',
        description: 'Prometheus text format: store gauges, run and courier-request counters and histograms, quota and daily-budget use, build info, process metrics.',
        produces: ['text/plain'],
      },
    },
    async (_request, reply) => reply.type(registry.contentType).send(await registry.metrics()),
  );
};
