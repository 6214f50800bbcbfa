import type { Static } from 'typebox';
import { courierEnv } from '../../config/load.js';
import { systemClock, type Clock } from '../clock.js';
import type { CourierPlugin } from '../courier/plugin.js';
import type { CheckObserver, SideEffect } from '../effects/contract.js';
import type { EffectPlugin } from '../effects/plugin.js';
import type { Store } from '../store/port.js';
import type { Run, Shipment } from '../store/types.js';
import type { CourierSummarySchema, RunSchema, ShipmentViewSchema } from '../http/schemas.js';
import { startTestApp, type TestApp, type TestAppOptions } from './app.js';
import type { SimRequest, SimServer } from './sim-server.js';

/** What a courier simulator offers a test: its URL, the server (faults, recorded requests) and close(). */
export interface CourierSimulator {
  url: string;
  server: SimServer;
  close(): Promise<void>;
}

export interface HarnessOptions<S extends CourierSimulator> {
  plugin: CourierPlugin;
  /** Starts the courier's simulator (or a fixture server) on the app's clock; the harness closes it. */
  simulator: S | ((clock: Clock) => Promise<S>);
  /** Credential values by credential name, e.g. `{ token: '…' }`. */
  credentials?: Record<string, string>;
  /** More WAYBILL_COURIER_<NAME>_<OPTION> values by option name, e.g. `{ batch_size: '10' }`. */
  options?: Record<string, string>;
  env?: Record<string, string>;
  clock?: Clock;
  /** Effect plugins, configured from `env` (WAYBILL_EFFECT_*). */
  effects?: readonly EffectPlugin[];
  sideEffects?: readonly SideEffect[];
  observers?: readonly CheckObserver[];
  store?: Store;
  instanceId?: string;
  logger?: TestAppOptions['logger'];
}

export interface Harness<S extends CourierSimulator> extends TestApp {
  sim: S;
  courier: string;
  register(trackingNumbers: readonly string[], extra?: (tn: string) => { orderId?: string; reference?: string }): Promise<void>;
  run(): Promise<Run>;
  /** Start a run as a user does (POST /v1/couriers/:name/runs) and return it, once finished, as GET /v1/runs/:id shows it. */
  runOverHttp(): Promise<Static<typeof RunSchema>>;
  shipment(trackingNumber: string): Promise<Shipment>;
  /** The shipment as the HTTP API shows it (GET /v1/shipments/:courier/:trackingNumber). */
  lookup(trackingNumber: string): Promise<Static<typeof ShipmentViewSchema>>;
  /** The courier as the HTTP API shows it (GET /v1/couriers/:name): enabled, paused until, last run … */
  courierState(): Promise<Static<typeof CourierSummarySchema>>;
  requests(match: (req: SimRequest) => boolean): SimRequest[];
}

interface Teardown {
  teardown(fn: () => unknown): void;
}

/**
 * The real app (engine, SQLite file, HTTP API) with one courier plugin pointed at its simulator; the
 * limiter is opened up (1,000 requests/s) unless `options` say otherwise, so tests stay fast.
 */
export async function startCourierHarness<S extends CourierSimulator>(t: Teardown, options: HarnessOptions<S>): Promise<Harness<S>> {
  const courier = options.plugin.declaration.name;
  const sim = typeof options.simulator === 'function' ? await options.simulator(options.clock ?? systemClock) : options.simulator;
  if (typeof options.simulator === 'function') t.teardown(() => sim.close());
  // The simulator stands in for every host of the courier, its auth host included.
  const hosts = { base_url: sim.url, ...(options.plugin.declaration.endpoints.authUrl ? { auth_url: sim.url } : {}) };
  const named = { quota_requests: '1000', quota_window_seconds: '1', spacing_ms: '0', ...options.credentials, ...options.options, ...hosts };
  const env = { ...courierEnv(courier, named), ...options.env };
  const testApp = await startTestApp(t, {
    couriers: [options.plugin],
    env,
    ...(options.clock ? { clock: options.clock } : {}),
    ...(options.effects ? { effects: options.effects } : {}),
    ...(options.sideEffects ? { sideEffects: options.sideEffects } : {}),
    ...(options.observers ? { observers: options.observers } : {}),
    ...(options.store ? { store: options.store } : {}),
    ...(options.instanceId ? { instanceId: options.instanceId } : {}),
    ...(options.logger ? { logger: options.logger } : {}),
  });
  const { app } = testApp;
  // A run's end is awaited through the engine's own notice, not by polling the route on a timer.
  const finished = new Set<string>();
  const waiters = new Map<string, () => void>();
  app.waybill.engine.onRunFinished((run) => {
    finished.add(run.id);
    waiters.get(run.id)?.();
  });
  return {
    ...testApp,
    sim,
    courier,
    async register(trackingNumbers, extra) {
      for (let i = 0; i < trackingNumbers.length; i += 1000) {
        const shipments = trackingNumbers.slice(i, i + 1000).map((trackingNumber) => ({ courier, trackingNumber, ...extra?.(trackingNumber) }));
        const res = await app.inject({ method: 'POST', url: '/v1/shipments', payload: { shipments } });
        if (res.statusCode !== 201) throw new Error(`registering shipments failed: ${res.statusCode} ${res.body}`);
      }
    },
    async run() {
      const run = await app.waybill.engine.runToCompletion(courier, 'manual');
      if (!run) throw new Error(`a run of ${courier} could not start (disabled or already running)`);
      return run;
    },
    async runOverHttp() {
      const started = await app.inject({ method: 'POST', url: `/v1/couriers/${courier}/runs` });
      if (started.statusCode !== 202) throw new Error(`POST /v1/couriers/${courier}/runs answered ${started.statusCode}: ${started.body}`);
      const { runId } = started.json() as { runId: string };
      if (!finished.has(runId)) await new Promise<void>((resolve) => waiters.set(runId, resolve));
      return (await app.inject({ method: 'GET', url: `/v1/runs/${runId}` })).json();
    },
    async shipment(trackingNumber) {
      const found = await app.waybill.store.shipments.get(courier, trackingNumber);
      if (!found) throw new Error(`no shipment ${trackingNumber} of ${courier}`);
      return found;
    },
    async lookup(trackingNumber) {
      return (await app.inject({ method: 'GET', url: `/v1/shipments/${courier}/${encodeURIComponent(trackingNumber)}` })).json();
    },
    async courierState() {
      return (await app.inject({ method: 'GET', url: `/v1/couriers/${courier}` })).json();
    },
    requests(match) {
      return sim.server.requests.filter(match);
    },
  };
}
