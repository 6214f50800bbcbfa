import Bottleneck from 'bottleneck';
import type { CourierDefinition } from '../courier/definition.js';

/**
 * Spacing between request starts that never exceeds the declared quota in any window of that length
 * (a sliding window, so it is safe whatever window the courier counts in), and honours per-worker spacing.
 */
export function minTimeMs(definition: CourierDefinition): number {
  const quotaSpacing = Math.ceil((definition.quota.windowSeconds * 1000) / definition.quota.requests);
  const workerSpacing = Math.ceil(definition.spacingMs / definition.concurrency);
  return Math.max(quotaSpacing, workerSpacing);
}

export function createLimiter(definition: CourierDefinition): Bottleneck {
  return new Bottleneck({ maxConcurrent: definition.concurrency, minTime: minTimeMs(definition), id: `waybill-${definition.name}` });
}
