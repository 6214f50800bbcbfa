import type { FoundResult } from '../../core/courier/adapter.js';
import { defineCourier } from '../../core/courier/plugin.js';

export type ScriptedAnswer = Pick<FoundResult, 'status' | 'statusAt' | 'links'>;

/**
 * A courier whose answers the test sets number by number (`answers`): a number it has no answer for is not
 * found. For engine rules that do not depend on any courier's API (links, packages, roll-ups).
 */
export function scriptedCourier(answers: ReadonlyMap<string, ScriptedAnswer>) {
  return defineCourier(
    {
      name: 'scripted',
      displayName: 'Scripted',
      batchSize: 10,
      quota: { requests: 100, windowSeconds: 1 },
      concurrency: 1,
      schedule: { cron: '0 0 1 1 *', maxPerRun: 100 },
      auth: { kind: 'none' },
      endpoints: { baseUrl: 'https://api.scripted.example' },
      statuses: [
        { status: 'moving', to: 'in_transit' },
        { status: 'out', to: 'out_for_delivery' },
        { status: 'returning', to: 'rto_initiated' },
        { status: 'delivered', to: 'delivered' },
        { status: 'lost', to: 'lost' },
      ],
      polling: { intervals: { info_received: 1, in_transit: 1, out_for_delivery: 1, rto_initiated: 1 } },
    },
    {
      track: async (batch) =>
        batch.map(({ trackingNumber }) => {
          const answer = answers.get(trackingNumber);
          if (!answer) return { trackingNumber, found: false, reason: 'no such number' };
          return { trackingNumber, found: true, ...answer, events: [{ at: answer.statusAt!, status: answer.status }] };
        }),
    },
  );
}
