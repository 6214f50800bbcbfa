import type { TrackResult } from '../../../core/courier/adapter.js';
import { runKitOn } from './sandbox-kit.js';

interface Answer {
  results: { tracking_number: string; status: string; occurred_at: string; events: { status: string; occurred_at: string }[] }[];
  errors: { tracking_number: string; message: string }[];
}

// A plugin that trusts the courier's answer blindly: right on good answers, a TypeError on damaged ones.
runKitOn({
  async track(batch, { http }) {
    const res = await http.post('/v1/tracking/batch', { tracking_numbers: batch.map((s) => s.trackingNumber) });
    const body = res.body as Answer;
    const found: TrackResult[] = body.results.map((r) => ({
      trackingNumber: r.tracking_number,
      found: true,
      status: r.status,
      statusAt: r.occurred_at,
      events: r.events.map((e) => ({ status: e.status, at: e.occurred_at })),
    }));
    return [...found, ...body.errors.map((e): TrackResult => ({ trackingNumber: e.tracking_number, found: false, reason: e.message.trim() }))];
  },
});
