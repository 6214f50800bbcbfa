import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { loadConfig } from '../../config/load.js';
import { buildApp, REDACTED_PATHS, type AppOptions } from '../app.js';
import type { Clock } from '../clock.js';
import type { CourierPlugin } from '../courier/plugin.js';
import type { CheckObserver, SideEffect } from '../effects/contract.js';
import type { EffectPlugin } from '../effects/plugin.js';
import type { Store } from '../store/port.js';

export interface TestAppOptions {
  couriers: readonly CourierPlugin[];
  /** Effect plugins, configured from `env` (WAYBILL_EFFECT_*). */
  effects?: readonly EffectPlugin[];
  /** Extra environment (WAYBILL_COURIER_*, WAYBILL_EFFECT_* …); the store defaults to a fresh SQLite file. */
  env?: Record<string, string>;
  clock?: Clock;
  sideEffects?: readonly SideEffect[];
  observers?: readonly CheckObserver[];
  store?: Store;
  instanceId?: string;
  /** The app's logger instead of the capturing one (`logs` then stays empty): a benchmark measures the service as deployed. */
  logger?: AppOptions['logger'];
}

export interface TestApp {
  app: FastifyInstance;
  /** Every log line the app wrote (JSON), for asserting on logs and on secrets never appearing. */
  logs: string[];
  dir: string;
}

interface Teardown {
  teardown(fn: () => unknown): void;
}

/** A fresh temp directory removed when the test ends. */
export function tempDir(t: Teardown): string {
  const dir = mkdtempSync(join(tmpdir(), 'waybill-test-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** The service's logger options (secrets redacted, debug level) writing every line into `lines`. */
export function capturingLogger(lines: string[]) {
  return { level: 'debug', redact: { paths: REDACTED_PATHS, censor: '[redacted]' }, stream: { write: (line: string) => void lines.push(line) } };
}

/** The real app on a real SQLite file in a temp dir, schedule off (tests start runs), closed at teardown. */
export async function startTestApp(t: Teardown, options: TestAppOptions): Promise<TestApp> {
  const dir = tempDir(t);
  const logs: string[] = [];
  const config = loadConfig({ WAYBILL_STORE: `sqlite:${join(dir, 'waybill.db')}`, ...options.env });
  const app = await buildApp({
    config,
    couriers: options.couriers,
    schedule: false,
    ...(options.clock ? { clock: options.clock } : {}),
    ...(options.effects ? { effects: options.effects } : {}),
    ...(options.sideEffects ? { sideEffects: options.sideEffects } : {}),
    ...(options.observers ? { observers: options.observers } : {}),
    ...(options.store ? { store: options.store } : {}),
    ...(options.instanceId ? { instanceId: options.instanceId } : {}),
    logger: options.logger ?? capturingLogger(logs),
  });
  t.teardown(() => app.close());
  await app.ready();
  return { app, logs, dir };
}
