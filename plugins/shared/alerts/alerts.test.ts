import t from 'tap';
import { emptyCounts, LocalTime, SLA_BREACH_NOTICE, type Run } from 'waybill';
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

t.test('a shipment whose checks keep failing alerts as `attention`, with the failures and the last error', async (t) => {
  const alerts = alertsFor(
    {
      type: 'shipment.requires_attention',
      shipmentId: 's1',
      courier: 'sandbox',
      trackingNumber: 'SBX-1',
      orderId: 'order-1',
      status: 'in_transit',
      consecutiveFailures: 5,
      lastError: 'sandbox: POST /v1/tracking/batch answered 503',
      at: '2026-05-01T10:00:00.000Z',
    },
    { b2bCouriers: [], zone: new LocalTime('+00:00') },
  );
  t.same(alerts, [
    {
      kind: 'attention',
      title: 'Shipment requires attention: SBX-1',
      lines: ['Tracking: SBX-1 (sandbox)', 'Order: order-1', 'Status: in_transit', 'Failed checks in a row: 5', 'Last error: sandbox: POST /v1/tracking/batch answered 503', 'At: 2026-05-01T10:00:00.000Z'],
    },
  ]);
});

t.test('an SLA breach alerts as `sla`, with the rule and since when; other notices alert nothing', async (t) => {
  const breach = {
    key: 'ofd-12h:s1:2026-05-01T00:00:00.000Z',
    rule: 'ofd-12h',
    condition: 'in_status',
    hours: 12,
    shipmentId: 's1',
    courier: 'sandbox',
    trackingNumber: 'SBX-1',
    orderId: 'order-1',
    status: 'out_for_delivery',
    since: '2026-05-01T00:00:00.000Z',
    breachedAt: '2026-05-01T12:00:00.000Z',
  };
  const rules = { b2bCouriers: [], zone: new LocalTime('+00:00') };
  const notice = { type: 'notice', kind: SLA_BREACH_NOTICE, id: `sla:${breach.key}`, courier: 'sandbox', text: 'SLA rule ofd-12h breached', at: breach.breachedAt, data: breach } as const;
  t.same(alertsFor(notice, rules), [
    {
      kind: 'sla',
      title: 'SLA breached: SBX-1',
      lines: ['Tracking: SBX-1 (sandbox)', 'Order: order-1', 'Rule: ofd-12h (in_status, 12 h)', 'Status: out_for_delivery since 2026-05-01T00:00:00.000Z', 'Breached at: 2026-05-01T12:00:00.000Z'],
    },
  ]);
  t.same(alertsFor({ ...notice, kind: 'runlog.uploaded' }, rules), []);
});
