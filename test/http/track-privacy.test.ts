import t from 'tap';
import { cityLevel, customerView } from '../../core/http/track/customer-view.js';
import type { HistoryEntry, Shipment, StoredEvent } from '../../core/store/types.js';

const NOW = new Date('2026-05-01T12:00:00.000Z');

// A shipment with every field a guest must not see filled with a value found nowhere else.
const shipment: Shipment = {
  id: 'internal-id-7f3a',
  courier: 'sandbox',
  trackingNumber: 'SBX-DELIVERED-9',
  orderId: 'order-secret-1',
  reference: 'ref-secret-2',
  metadata: { destination: { postcode: '400001', name: 'Asha Rao', phone: '+91 98200 00000', address: '12 Marine Drive, Mumbai' } },
  origin: 'origin-secret-3',
  status: 'out_for_delivery',
  substatus: 'with_driver',
  rawStatus: 'RAW-OFD-SECRET',
  statusFirstSeen: { info_received: '2026-05-01T08:00:00.000Z', out_for_delivery: '2026-05-01T10:00:00.000Z' },
  lastEventAt: '2026-05-01T10:00:00.000Z',
  lastCheckedAt: '2026-05-01T11:59:00.000Z',
  nextCheckAt: '2026-05-01T12:30:00.000Z',
  consecutiveFailures: 3,
  lastError: 'courier said: token tok-secret-4 expired',
  active: true,
  inactiveReason: null,
  eta: '2026-05-01T18:00:00.000Z',
  location: '7 Hidden Lane, Andheri East, Mumbai',
  driver: { at: '2026-05-01T11:58:00.000Z', location: { lat: 19.1136, lng: 72.8697 }, name: 'Driver Ravi', vehicle: 'MH-02-XX-1234', phone: '+91 99999 11111' },
  links: [{ trackingNumber: 'SBX-RETURN-SECRET', relation: 'return' }],
  master: 'SBX-MASTER-SECRET',
  createdAt: '2026-05-01T07:59:00.000Z',
  trackingSince: '2026-05-01T07:59:30.000Z',
  updatedAt: '2026-05-01T11:59:01.000Z',
};

const events: StoredEvent[] = [
  { at: '2026-05-01T09:00:00.000Z', status: 'PICKED', code: 'CODE-SECRET', description: 'Handed over by Asha Rao', location: 'Flat 3, 5 Hill Road, Bandra, Mumbai', canonicalStatus: 'picked_up', substatus: null, recordedAt: '2026-05-01T09:01:00.000Z' },
  { at: '2026-05-01T10:00:00.000Z', status: 'OFD', description: 'Out with Driver Ravi', location: 'Mumbai Andheri DC', canonicalStatus: 'out_for_delivery', substatus: 'with_driver', recordedAt: '2026-05-01T10:01:00.000Z' },
];

const history: HistoryEntry[] = [
  { status: 'info_received', substatus: null, rawStatus: null, at: '2026-05-01T08:00:00.000Z', recordedAt: '2026-05-01T08:00:00.000Z', source: 'registration', updatedBy: null, notes: null },
  { status: 'picked_up', substatus: null, rawStatus: 'RAW-PICKED-SECRET', at: '2026-05-01T09:00:00.000Z', recordedAt: '2026-05-01T09:01:00.000Z', source: 'courier', updatedBy: null, notes: null },
  { status: 'out_for_delivery', substatus: 'with_driver', rawStatus: 'RAW-OFD-SECRET', at: '2026-05-01T10:00:00.000Z', recordedAt: '2026-05-01T10:01:00.000Z', source: 'manual', updatedBy: 'ops-user-secret', notes: 'call Asha on +91 98200 00000' },
];

t.test('a guest sees exactly the allow-listed fields, each with the shipment value', async (t) => {
  const view = customerView(shipment, events, history, NOW);
  t.same(Object.keys(view).sort(), ['ageSeconds', 'checkedAt', 'courier', 'eta', 'source', 'status', 'substatus', 'timeline', 'trackingNumber', 'updatedAt'], 'only the allow-list');
  t.equal(view.trackingNumber, 'SBX-DELIVERED-9');
  t.equal(view.courier, 'sandbox');
  t.equal(view.status, 'out_for_delivery');
  t.equal(view.substatus, 'with_driver');
  t.equal(view.eta, '2026-05-01T18:00:00.000Z');
  t.equal(view.updatedAt, '2026-05-01T10:00:00.000Z', 'the latest event time');
  t.equal(view.checkedAt, '2026-05-01T11:59:00.000Z');
  t.equal(view.source, 'cached');
  t.equal(view.ageSeconds, 60);
  t.same(view.timeline, [
    { status: 'info_received', substatus: null, at: '2026-05-01T08:00:00.000Z', location: null },
    { status: 'picked_up', substatus: null, at: '2026-05-01T09:00:00.000Z', location: 'Mumbai' },
    { status: 'out_for_delivery', substatus: 'with_driver', at: '2026-05-01T10:00:00.000Z', location: 'Mumbai Andheri DC' },
  ], 'canonical statuses only, locations at city level; no raw status, who or notes');
});

t.test('no value of a private field appears anywhere in what a guest sees', async (t) => {
  const text = JSON.stringify(customerView(shipment, events, history, NOW));
  const secrets: [string, string][] = [
    ['id', shipment.id],
    ['orderId', shipment.orderId!],
    ['reference', shipment.reference!],
    ['metadata: postcode', '400001'],
    ['metadata: name', 'Asha Rao'],
    ['metadata: phone', '+91 98200 00000'],
    ['metadata: address', 'Marine Drive'],
    ['origin', shipment.origin],
    ['rawStatus', 'RAW-'],
    ['lastError', 'tok-secret-4'],
    ['nextCheckAt', shipment.nextCheckAt!],
    ['location (exact address)', 'Hidden Lane'],
    ['driver name', 'Driver Ravi'],
    ['driver phone', '+91 99999 11111'],
    ['driver vehicle', 'MH-02-XX-1234'],
    ['driver position', '19.1136'],
    ['links', 'SBX-RETURN-SECRET'],
    ['master', 'SBX-MASTER-SECRET'],
    ['trackingSince', shipment.trackingSince],
    ['event code', 'CODE-SECRET'],
    ['event description', 'Handed over'],
    ['event street address', 'Hill Road'],
    ['history updatedBy', 'ops-user-secret'],
    ['history notes', 'call Asha'],
  ];
  for (const [field, value] of secrets) t.notOk(text.includes(value), `${field} is not shown`);
});

t.test('data source: unavailable before the courier ever answered', async (t) => {
  const view = customerView({ ...shipment, lastCheckedAt: null, lastEventAt: null }, [], history.slice(0, 1), NOW);
  t.match(view, { source: 'unavailable', ageSeconds: null, checkedAt: null, updatedAt: '2026-05-01T08:00:00.000Z' });
});

t.test('city level: the last comma-separated part of a location', async (t) => {
  t.equal(cityLevel('12 Main St, Springfield'), 'Springfield');
  t.equal(cityLevel('Mumbai Hub'), 'Mumbai Hub');
  t.equal(cityLevel(' , '), null);
  t.equal(cityLevel(undefined), null);
});
