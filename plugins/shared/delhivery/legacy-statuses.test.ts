import t from 'tap';
import { normalizeStatus } from '../../../core/courier/normalize.js';
import { StatusMapper } from '../../../core/courier/status-mapper.js';
import { LEGACY_EXPECTED } from './expected-mappings.js';
import { LEGACY_DOCUMENTED, LEGACY_STATUSES } from './legacy-statuses.js';
import { LIFECYCLE_STATUSES } from './lifecycle-statuses.js';

t.test('the legacy table has the 80+ statuses the seed speaks of, each with a source and no duplicate', async (t) => {
  t.ok(LEGACY_DOCUMENTED.length >= 80, `${LEGACY_DOCUMENTED.length} statuses`);
  t.ok(LEGACY_DOCUMENTED.every((d) => d.sources.length > 0), 'every status names its source');
  t.equal(new Set(LEGACY_DOCUMENTED.map((d) => normalizeStatus(d.status))).size, LEGACY_DOCUMENTED.length);
  t.same([...LEGACY_EXPECTED.keys()].sort(), LEGACY_DOCUMENTED.map((d) => d.status).sort(), 'expectations cover exactly the table');
});

t.test('the seed key statuses map as the seed says', async (t) => {
  const mapper = new StatusMapper('legacy', LEGACY_STATUSES);
  const seed: [string, string | null][] = [
    ['NDR', 'delivery_failed'], ['MANIFESTED', null], ['PICK_UP_PENDING', null], ['WAITING_PICKUP', null],
    ['PICKED_UP', 'in_transit'], ['IN_TRANSIT', 'in_transit'], ['OFD', 'out_for_delivery'], ['OUT_FOR_DELIVERY', 'out_for_delivery'],
    ['RTO', 'rto_initiated'], ['RETURNED', 'rto_initiated'], ['RTO_IN_TRANSIT', 'rto_in_transit'], ['DELIVERED', 'delivered'],
    ['NOT_PICKED', 'cancelled'], ['LOST', 'lost'],
  ];
  for (const [raw, to] of seed) {
    const m = mapper.map(raw, { now: new Date(), fields: {} });
    t.same(m.kind === 'mapped' ? m.status : m.kind === 'no_change' ? null : 'unmapped', to, `${raw} → ${to ?? 'no change'}`);
  }
});

t.test('lifecycle rows and legacy rows combine without conflicts (the fallback table)', async (t) => {
  t.doesNotThrow(() => new StatusMapper('combined', [...LEGACY_STATUSES, ...LIFECYCLE_STATUSES]));
});
