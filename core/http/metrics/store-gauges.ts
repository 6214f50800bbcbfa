import { Gauge, type Registry } from 'prom-client';
import type { FastifyInstance } from 'fastify';

/** Gauges read from the store and the courier registry at each scrape. */
export function registerStoreGauges(registry: Registry, waybill: FastifyInstance['waybill']): void {
  const { store, registry: couriers, pauses, clock } = waybill;
  const registers = [registry];
  new Gauge({
    name: 'waybill_shipments',
    help: 'Shipments in the store by courier, canonical status and whether still tracked',
    labelNames: ['courier', 'status', 'active'],
    registers,
    async collect() {
      const rows = await store.shipments.countByStatus();
      this.reset();
      for (const row of rows) this.set({ courier: row.courier, status: row.status, active: String(row.active) }, row.count);
    },
  });
  new Gauge({
    name: 'waybill_courier_enabled',
    help: '1 when the courier is polled or its webhooks are received',
    labelNames: ['courier'],
    registers,
    collect() {
      for (const entry of couriers.list()) this.set({ courier: entry.name }, entry.runtime || entry.webhook ? 1 : 0);
    },
  });
  new Gauge({
    name: 'waybill_courier_paused',
    help: '1 while the courier is paused (429, 403 cool-down, daily budget, operator)',
    labelNames: ['courier'],
    registers,
    async collect() {
      const paused = await Promise.all(couriers.list().map(async (entry) => [entry.name, (await pauses.current(entry.name)) !== null] as const));
      for (const [courier, isPaused] of paused) this.set({ courier }, isPaused ? 1 : 0);
    },
  });
  new Gauge({
    name: 'waybill_shipments_due',
    help: 'Active shipments whose next check is due',
    labelNames: ['courier'],
    registers,
    async collect() {
      const now = clock.now();
      const due = await Promise.all(couriers.list().map(async (entry) => [entry.name, await store.shipments.countDue(entry.name, now)] as const));
      for (const [courier, count] of due) this.set({ courier }, count);
    },
  });
  new Gauge({
    name: 'waybill_outbox_messages',
    help: 'Side-effect outbox messages by state',
    labelNames: ['state'],
    registers,
    async collect() {
      for (const [state, count] of Object.entries(await store.outbox.counts())) this.set({ state }, count);
    },
  });
}
