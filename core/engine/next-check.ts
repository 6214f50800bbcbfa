import type { CourierDefinition } from '../courier/definition.js';
import { STATUS_INFO, type CanonicalStatus } from '../statuses.js';

const MINUTE_MS = 60_000;

/** When to look again at a shipment now in `status`: the courier's interval, else the core default; null = never. */
export function nextCheckFor(status: CanonicalStatus, definition: CourierDefinition, now: Date): Date | null {
  const minutes = definition.polling.intervals[status] ?? STATUS_INFO[status].pollMinutes;
  return minutes === null ? null : new Date(now.getTime() + minutes * MINUTE_MS);
}

/** Exponential backoff after `failures` consecutive failed checks: base, 2×base, 4×base … capped. */
export function nextCheckAfterFailure(failures: number, definition: CourierDefinition, now: Date): Date {
  const { failureBackoffBaseSeconds, failureBackoffMaxMinutes } = definition.polling;
  const exponent = Math.min(Math.max(failures - 1, 0), 30);
  const delayMs = Math.min(failureBackoffBaseSeconds * 1000 * 2 ** exponent, failureBackoffMaxMinutes * MINUTE_MS);
  return new Date(now.getTime() + delayMs);
}
