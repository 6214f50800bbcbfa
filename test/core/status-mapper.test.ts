import t from 'tap';
import { normalizeStatus } from '../../core/courier/normalize.js';
import { StatusMapper } from '../../core/courier/status-mapper.js';
import { NO_CHANGE, type MappingContext } from '../../core/courier/status-table.js';

const ctx = (over: Partial<MappingContext> = {}): MappingContext => ({ now: new Date('2026-05-01T10:00:00Z'), fields: {}, ...over });

t.test('normalization is the core’s: case, spaces, hyphens, punctuation', async (t) => {
  t.equal(normalizeStatus(' Out-for delivery! '), 'OUT_FOR_DELIVERY');
  t.equal(normalizeStatus('RTO - In Transit'), 'RTO_IN_TRANSIT');
  t.equal(normalizeStatus("Delivered (Customer's door)"), 'DELIVERED_CUSTOMERS_DOOR');
});

t.test('direction-aware rows, predicates, explicit no change, and unmapped statuses', async (t) => {
  const pickedUpBeforeToday = ({ fields, now }: MappingContext) =>
    typeof fields.pickupDate === 'string' && fields.pickupDate.slice(0, 10) < now.toISOString().slice(0, 10);
  const mapper = new StatusMapper('demo', [
    { status: 'In Transit', type: 'UD', to: 'in_transit' },
    { status: 'In Transit', type: 'RT', to: 'rto_in_transit' },
    { status: 'Pending', type: 'UD', to: 'in_transit', when: pickedUpBeforeToday },
    { status: 'Pending', type: 'UD', to: 'pending_pickup' },
    { status: 'Manifested', type: 'UD', to: NO_CHANGE },
    { status: 'Delivered', to: 'delivered', substatus: 'signed' },
  ]);
  t.same(mapper.map('in transit', ctx({ statusType: 'UD' })), { kind: 'mapped', status: 'in_transit', substatus: undefined });
  t.same(mapper.map('In-Transit', ctx({ statusType: 'rt' })), { kind: 'mapped', status: 'rto_in_transit', substatus: undefined });
  t.match(mapper.map('Pending', ctx({ statusType: 'UD', fields: { pickupDate: '2026-04-30T12:00:00' } })), { status: 'in_transit' });
  t.match(mapper.map('Pending', ctx({ statusType: 'UD', fields: { pickupDate: '2026-05-01T08:00:00' } })), { status: 'pending_pickup' });
  t.match(mapper.map('Pending', ctx({ statusType: 'UD' })), { status: 'pending_pickup' }, 'predicate false without the field');
  t.same(mapper.map('MANIFESTED', ctx({ statusType: 'UD' })), { kind: 'no_change' });
  t.same(mapper.map('Delivered', ctx({ statusType: 'DL' })), { kind: 'mapped', status: 'delivered', substatus: 'signed' }, 'an untyped row applies to any type');
  t.same(mapper.map('Weather hold', ctx()), { kind: 'unmapped', normalized: 'WEATHER_HOLD' });
  t.same(mapper.map('In Transit', ctx({ statusType: 'PU' })), { kind: 'unmapped', normalized: 'IN_TRANSIT' }, 'typed rows do not leak to other types');
  t.ok(mapper.covers('manifested', 'UD'));
  t.notOk(mapper.covers('manifested', 'RT'));
});

t.test('a bad table is refused with the courier and the row named', async (t) => {
  t.throws(() => new StatusMapper('demo', [{ status: 'X', to: 'shipped' as never }]), /courier "demo": status table row 0 \("X"\) maps to "shipped"/);
  t.throws(
    () => new StatusMapper('demo', [{ status: 'X', to: 'lost' }, { status: 'x', to: 'destroyed' }]),
    /two unconditional rows for "x"/,
  );
});
