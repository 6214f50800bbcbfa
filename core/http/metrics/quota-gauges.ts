import { Gauge, type Registry } from 'prom-client';
import type { FastifyInstance } from 'fastify';

/**
 * Each polled courier's declared quota and daily budget beside what is used of them. Use is counted from
 * the stored API-call log, so it covers every instance sharing the store, as the courier counts.
 */
export function registerQuotaGauges(registry: Registry, waybill: FastifyInstance['waybill']): void {
  const { store, registry: couriers, gate, clock } = waybill;
  const registers = [registry];
  const labelNames = ['courier'] as const;
  new Gauge({
    name: 'waybill_courier_quota_requests',
    help: 'Requests the courier allows per quota window (declared)',
    labelNames,
    registers,
    collect() {
      for (const { name, definition } of couriers.enabled()) this.set({ courier: name }, definition.quota.requests);
    },
  });
  new Gauge({
    name: 'waybill_courier_quota_window_seconds',
    help: 'Length of the courier\'s quota window (declared)',
    labelNames,
    registers,
    collect() {
      for (const { name, definition } of couriers.enabled()) this.set({ courier: name }, definition.quota.windowSeconds);
    },
  });
  new Gauge({
    name: 'waybill_courier_quota_used_requests',
    help: 'Requests sent to the courier within the last quota window (all instances sharing the store)',
    labelNames,
    registers,
    async collect() {
      const now = clock.now().getTime();
      const used = await Promise.all(
        couriers.enabled().map(async ({ name, definition }) => [name, await store.apiCalls.count(name, new Date(now - definition.quota.windowSeconds * 1000))] as const),
      );
      for (const [courier, count] of used) this.set({ courier }, count);
    },
  });
  const dailyUse = () => Promise.all(couriers.enabled().map(async ({ name, definition }) => [name, await gate.dailyUse(definition)] as const));
  new Gauge({
    name: 'waybill_courier_daily_budget_requests',
    help: 'Requests the courier may be sent per UTC day (declared daily budget; couriers without one are absent)',
    labelNames,
    registers,
    async collect() {
      for (const [courier, use] of await dailyUse()) if (use) this.set({ courier }, use.budget);
    },
  });
  new Gauge({
    name: 'waybill_courier_daily_budget_used_requests',
    help: 'Requests sent to the courier since 00:00 UTC, counted against its daily budget',
    labelNames,
    registers,
    async collect() {
      for (const [courier, use] of await dailyUse()) if (use) this.set({ courier }, use.used);
    },
  });
}
