import { Histogram, type Registry } from 'prom-client';
import type { HttpCall } from '../../courier/transport.js';
import type { Engine } from '../../engine/engine.js';

const REQUEST_DURATION_BUCKETS = [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

/** `2xx` … `5xx` by the answer's status, `error` when none came (timeout, refused connection). */
export function statusClass(call: Pick<HttpCall, 'status'>): string {
  return call.status === null ? 'error' : `${Math.floor(call.status / 100)}xx`;
}

/** Every request runs and live checks send a courier (token requests included), timed by outcome. */
export function registerCourierRequestMetrics(registry: Registry, engine: Engine): void {
  const duration = new Histogram({
    name: 'waybill_courier_request_duration_seconds',
    help: 'Requests sent to couriers and how long they took, by status class (2xx … 5xx, error: no answer); its _count is the requests sent',
    labelNames: ['courier', 'status_class'],
    buckets: REQUEST_DURATION_BUCKETS,
    registers: [registry],
  });
  engine.onCourierCalls((calls) => {
    for (const call of calls) duration.observe({ courier: call.courier, status_class: statusClass(call) }, call.durationMs / 1000);
  });
}
