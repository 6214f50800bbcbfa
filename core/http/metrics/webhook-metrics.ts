import { Counter, type Registry } from 'prom-client';
import type { WebhookIntake } from '../../engine/push.js';

/** The webhook intake keeps its own per-courier counts; the counter shows them as they are at each scrape. */
export function registerWebhookMetrics(registry: Registry, webhooks: WebhookIntake): void {
  new Counter({
    name: 'waybill_webhooks_total',
    help: 'Push couriers\' webhook deliveries since start: accepted, refused (signature or credential), unreadable',
    labelNames: ['courier', 'outcome'],
    registers: [registry],
    collect() {
      this.reset();
      for (const [courier, counts] of webhooks.counts) {
        for (const [outcome, value] of Object.entries(counts)) this.inc({ courier, outcome }, value);
      }
    },
  });
}
