import { readFileSync } from 'node:fs';
import { ManualClock } from 'waybill';
import { startCourierHarness, type Harness, type SimRequest } from 'waybill/testing';
import { TRACK_PATH } from './adapter.js';
import shiprocket from './index.js';
import { ShiprocketSimulator, type ShiprocketSimulatorOptions } from './simulator.js';

/** The API user the simulator knows by default. */
export const CREDENTIALS = { email: 'api-user@example.com', password: 'api-user-secret-7731' };
export const START = '2026-01-01T00:00:00.000Z';

export const isTrackRequest = (req: SimRequest): boolean => req.path.endsWith(TRACK_PATH);
export const isLoginRequest = (req: SimRequest): boolean => req.path.endsWith('/auth/login');

export type ShiprocketHarness = Harness<ShiprocketSimulator> & { clock: ManualClock };

/**
 * The core courier harness with Shiprocket's test defaults: a fresh simulator that knows the API user,
 * these credentials, and a manual clock at START. `credentials` override single values (e.g. a wrong password).
 */
export async function startShiprocket(
  t: { teardown(fn: () => unknown): void },
  o: { credentials?: Record<string, string>; options?: Record<string, string>; sim?: Partial<ShiprocketSimulatorOptions> } = {},
): Promise<ShiprocketHarness> {
  const clock = new ManualClock(START);
  const harness = await startCourierHarness(t, {
    plugin: shiprocket,
    simulator: () => ShiprocketSimulator.start({ ...CREDENTIALS, ...o.sim }),
    credentials: { ...CREDENTIALS, ...o.credentials },
    ...(o.options ? { options: o.options } : {}),
    clock,
  });
  return { ...harness, clock };
}

/** A fixture written from Shiprocket's docs: the request and the response it answers. */
export function fixture(name: string): { request: { body: unknown }; response: { status: number; body: unknown } } {
  return JSON.parse(readFileSync(new URL(`./fixtures/${name}.json`, import.meta.url), 'utf8'));
}

export const awbs = (prefix: string, n: number): string[] => Array.from({ length: n }, (_, i) => `${prefix}${String(i).padStart(4, '0')}`);
