import type { Test } from 'tap';
import { ManualClock, type Clock } from '../clock.js';
import type { TrackContext, TrackRequest, TrackResult } from '../courier/adapter.js';
import type { CourierDefinition } from '../courier/definition.js';
import type { CourierRuntime } from '../courier/runtime.js';
import { UNTYPED_ERROR_LOG } from '../engine/batch.js';
import { startCourierHarness, type CourierSimulator, type Harness } from './harness.js';
import type { CourierContractOptions } from './kit-options.js';

export const T0 = '2026-05-01T06:00:00.000Z';

export type KitHarness<S extends CourierSimulator> = Harness<S> & { clock: ManualClock; runtime: CourierRuntime; definition: CourierDefinition };

/** What every check of the kit shares: a fresh app per check, and small readers over it. */
export interface KitContext<S extends CourierSimulator> {
  o: CourierContractOptions<S>;
  start(t: Test, options?: Record<string, string>): Promise<KitHarness<S>>;
  /** The same app against another server standing in for the courier (the kit's fixture server). */
  startWith<T extends CourierSimulator>(t: Test, simulator: (clock: Clock) => Promise<T>): Promise<KitHarness<T>>;
  register(h: Harness<CourierSimulator>, numbers: readonly string[]): Promise<void>;
  trackCalls(h: Harness<CourierSimulator>): number;
  /** Ask the adapter directly, as the engine does, without writing anything. */
  track(h: KitHarness<CourierSimulator>, numbers: readonly string[]): Promise<TrackResult[]>;
  /** Log lines saying the adapter threw something other than a typed courier error. */
  untyped(h: Harness<CourierSimulator>): string[];
}

export function kitContext<S extends CourierSimulator>(o: CourierContractOptions<S>): KitContext<S> {
  const name = o.plugin.declaration.name;
  async function startWith<T extends CourierSimulator>(t: Test, simulator: (clock: Clock) => Promise<T>, options: Record<string, string> = {}): Promise<KitHarness<T>> {
    const clock = new ManualClock(T0);
    const harness = await startCourierHarness(t, {
      plugin: o.plugin,
      simulator,
      clock,
      credentials: o.credentials ?? {},
      options: { request_timeout_ms: '1000', ...o.options, ...options },
    });
    const entry = harness.app.waybill.registry.get(name)!;
    if (!entry.runtime) throw new Error(`courier ${name} did not start in the kit: ${entry.disabledReason}`);
    return { ...harness, clock, runtime: entry.runtime, definition: entry.definition };
  }
  return {
    o,
    start: (t, options) => startWith(t, o.simulator, options),
    startWith: (t, simulator) => startWith(t, simulator),
    register: (h, numbers) => h.register(numbers, (tn) => (o.orderIdFor ? { orderId: o.orderIdFor(tn) } : {})),
    trackCalls: (h) => h.requests(o.isTrackRequest).length,
    track(h, numbers) {
      const requests: TrackRequest[] = numbers.map((trackingNumber) => ({ trackingNumber, orderId: o.orderIdFor?.(trackingNumber) ?? null, reference: null, metadata: {} }));
      const ctx: TrackContext = { http: h.runtime.http, log: h.app.log, clock: h.clock, settings: h.runtime.settings };
      return h.runtime.adapter.track(requests, ctx);
    },
    untyped: (h) => h.logs.filter((line) => line.includes(UNTYPED_ERROR_LOG)),
  };
}
