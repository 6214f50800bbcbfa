import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import { MetricsPage, RunMetrics } from '../metrics.js';

export const healthRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { store, registry, pauses, engine, clock, webhooks } = app.waybill;
  const started = Date.now();
  const runMetrics = new RunMetrics();
  engine.onRunFinished((run, unmapped) => runMetrics.record(run, unmapped));
  engine.onLiveCheck((courier, counts, unmapped) => runMetrics.recordLive(courier, counts, unmapped));

  app.get(
    '/health',
    {
      config: { public: true },
      schema: {
        tags: ['service'],
        summary: 'Liveness and store reachability (no API key needed)',
        response: {
          200: Type.Object({ status: Type.Literal('ok'), store: Type.String(), uptimeSeconds: Type.Integer() }),
          503: Type.Object({ status: Type.Literal('unavailable'), store: Type.String(), error: Type.String() }),
        },
      },
    },
    async (_request, reply) => {
      try {
        await store.courierState.get('__health__');
        return { status: 'ok' as const, store: store.kind, uptimeSeconds: Math.floor((Date.now() - started) / 1000) };
      } catch (error) {
        return reply.code(503).send({ status: 'unavailable' as const, store: store.kind, error: (error as Error).message });
      }
    },
  );

  app.get('/metrics', { schema: { tags: ['service'], summary: 'Prometheus metrics', hide: false } }, async (_request, reply) => {
    const page = new MetricsPage();
    for (const row of await store.shipments.countByStatus()) {
      page.add('waybill_shipments', 'gauge', 'Shipments in the store by courier, canonical status and whether still tracked', row.count, {
        courier: row.courier,
        status: row.status,
        active: String(row.active),
      });
    }
    const now = clock.now();
    for (const entry of registry.list()) {
      const pause = await pauses.current(entry.name);
      page.add('waybill_courier_enabled', 'gauge', '1 when the courier is polled or its webhooks are received', entry.runtime || entry.webhook ? 1 : 0, { courier: entry.name });
      page.add('waybill_courier_paused', 'gauge', '1 while the courier is paused (429, 403 cool-down, operator)', pause ? 1 : 0, { courier: entry.name });
      page.add('waybill_shipments_due', 'gauge', 'Active shipments whose next check is due', await store.shipments.countDue(entry.name, now), { courier: entry.name });
    }
    for (const [key, value] of runMetrics.runs) {
      const [courier, state] = key.split('\u0000') as [string, string];
      page.add('waybill_runs_total', 'counter', 'Runs finished since start, by outcome', value, { courier, state });
    }
    for (const [key, value] of runMetrics.totals) {
      const [courier, counter] = key.split('\u0000') as [string, string];
      page.add('waybill_run_items_total', 'counter', 'Sum of run counts since start (claimed, requests, updated, unmapped, failed, …)', value, { courier, counter });
    }
    for (const [key, value] of runMetrics.liveTotals) {
      const [courier, counter] = key.split('\u0000') as [string, string];
      page.add('waybill_live_check_items_total', 'counter', 'Sum of live-check (?refresh=true) counts since start (requests, updated, unmapped, failed, …)', value, { courier, counter });
    }
    for (const [key, value] of runMetrics.unmapped) {
      const [courier, raw] = key.split('\u0000') as [string, string];
      page.add('waybill_unmapped_status_total', 'counter', 'Runs and live checks that met a raw status missing from the courier table', value, { courier, raw_status: raw });
    }
    for (const [courier, counts] of webhooks.counts) {
      for (const [outcome, value] of Object.entries(counts)) {
        page.add('waybill_webhooks_total', 'counter', 'Push couriers\' webhook deliveries since start: accepted, refused (signature or credential), unreadable', value, { courier, outcome });
      }
    }
    const outbox = await store.outbox.counts();
    for (const [state, value] of Object.entries(outbox)) page.add('waybill_outbox_messages', 'gauge', 'Side-effect outbox messages by state', value, { state });
    return reply.type('text/plain; version=0.0.4').send(page.toString());
  });
};
