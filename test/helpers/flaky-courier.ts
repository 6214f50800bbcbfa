import { defineCourier } from '../../core/courier/plugin.js';
import { Transient } from '../../core/errors.js';

/**
 * A courier that fails (a transient 503) every number `fails` names at the time of asking, and finds the
 * others in transit, as of `now` when given. For the rules about failing checks (attention, SLA).
 */
export function flakyCourier(fails: (trackingNumber: string) => boolean, now?: () => Date) {
  return defineCourier(
    {
      name: 'flaky',
      displayName: 'Flaky',
      batchSize: 1,
      quota: { requests: 1000, windowSeconds: 1 },
      concurrency: 1,
      schedule: { cron: '0 0 1 1 *', maxPerRun: 10 },
      auth: { kind: 'none' },
      endpoints: { baseUrl: 'https://api.flaky.example' },
      statuses: [{ status: 'moving', to: 'in_transit' }],
    },
    {
      async track(batch) {
        if (fails(batch[0]!.trackingNumber)) throw new Transient('the courier answered 503');
        return batch.map(({ trackingNumber }) => ({ trackingNumber, found: true, status: 'moving', ...(now ? { statusAt: now().toISOString() } : {}), events: [] }));
      },
    },
  );
}
