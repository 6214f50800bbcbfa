import { Gauge, type Registry } from 'prom-client';
import type { FastifyInstance } from 'fastify';
import { hourOf } from '../../store/api-usage.js';
import { byCourier, courierUsage } from '../usage.js';

const DAY_MS = 86_400_000;

/**
 * `GET /v1/usage`'s figures for the current UTC hour and day, per courier with requests today: the requests, the
 * share of the declared hourly quota and of the daily budget used, the 429s and the failures. Counted from the stored
 * API-call log, so they cover every instance sharing the store.
 */
export function registerUsageGauges(registry: Registry, waybill: FastifyInstance['waybill']): void {
  const { store, registry: couriers, clock } = waybill;
  const registers = [registry];
  const labelNames = ['courier'] as const;
  const today = async () => {
    const now = clock.now();
    const rows = await store.apiCalls.usage({ from: new Date(Math.floor(now.getTime() / DAY_MS) * DAY_MS), to: new Date(now.getTime() + 1) });
    const thisHour = hourOf(now.toISOString());
    return [...byCourier(rows)].map(([name, hours]) => {
      const usage = courierUsage(name, hours, couriers.get(name)?.definition.quota);
      return { ...usage, hour: usage.hours.find((h) => h.hour === thisHour) ?? null, day: usage.days[0]! };
    });
  };
  new Gauge({
    name: 'waybill_courier_requests_this_hour',
    help: 'Requests sent to the courier in the current UTC hour',
    labelNames,
    registers,
    async collect() {
      this.reset();
      for (const u of await today()) this.set({ courier: u.courier }, u.hour?.requests ?? 0);
    },
  });
  new Gauge({
    name: 'waybill_courier_requests_today',
    help: 'Requests sent to the courier since 00:00 UTC',
    labelNames,
    registers,
    async collect() {
      this.reset();
      for (const u of await today()) this.set({ courier: u.courier }, u.day.requests);
    },
  });
  new Gauge({
    name: 'waybill_courier_hourly_quota_used_ratio',
    help: 'Requests sent to the courier in the current UTC hour over its declared quota for an hour (requests per window × windows in the hour)',
    labelNames,
    registers,
    async collect() {
      this.reset();
      for (const u of await today()) this.set({ courier: u.courier }, u.hour?.quotaShare ?? 0);
    },
  });
  new Gauge({
    name: 'waybill_courier_daily_budget_used_ratio',
    help: 'Requests sent to the courier since 00:00 UTC over its daily budget (couriers without one are absent)',
    labelNames,
    registers,
    async collect() {
      this.reset();
      for (const u of await today()) if (u.day.budgetShare !== null) this.set({ courier: u.courier }, u.day.budgetShare);
    },
  });
  new Gauge({
    name: 'waybill_courier_rate_limited_requests_today',
    help: 'Requests to the courier answered 429 since 00:00 UTC',
    labelNames,
    registers,
    async collect() {
      this.reset();
      for (const u of await today()) this.set({ courier: u.courier }, u.day.rateLimited);
    },
  });
  new Gauge({
    name: 'waybill_courier_failed_requests_today',
    help: 'Requests to the courier since 00:00 UTC without an answer or answered 400 or above (429 aside)',
    labelNames,
    registers,
    async collect() {
      this.reset();
      for (const u of await today()) this.set({ courier: u.courier }, u.day.failed);
    },
  });
}
