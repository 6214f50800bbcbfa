import t from 'tap';
import { emptyCounts, LocalTime, type Run } from 'waybill';
import { alertsFor } from './alerts.js';

t.test('a run abandoned by its dead instance alerts like a failed run, with why', async (t) => {
  const at = '2026-05-01T10:00:00.000Z';
  const run: Run = {
    id: 'r1',
    courier: 'sandbox',
    trigger: 'schedule',
    state: 'abandoned',
    owner: 'host:1',
    startedAt: at,
    finishedAt: at,
    heartbeatAt: at,
    counts: emptyCounts(),
    error: `its instance (host:1) stopped sending heartbeats at ${at}`,
    pausedUntil: null,
    unmappedStatuses: [],
  };
  const alerts = alertsFor({ type: 'run.finished', run, unmappedStatuses: [], statuses: {} }, { b2bCouriers: [], zone: new LocalTime('+00:00') });
  t.match(alerts, [{ kind: 'run_failed', title: 'sandbox: run abandoned (its instance stopped)', lines: ['Courier: sandbox', 'Run: r1 (schedule)', /Reason: its instance \(host:1\) stopped sending heartbeats/] }]);
});
