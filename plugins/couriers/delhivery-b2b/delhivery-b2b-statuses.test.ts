import t from 'tap';
import { NO_CHANGE, normalizeStatus, StatusMapper } from 'waybill';
import { LEGACY_STATUSES } from '../../shared/delhivery/legacy-statuses.js';
import { B2B_STATUSES } from './statuses.js';
import { startB2b } from './testing.js';

/** Scans that say nothing about the shipment's state: the only statuses B2B leaves as they are. */
const STATELESS_SCANS = [
  'weight captured', 'Package details changed by shipper', 'Package details changed by Delhivery', 'Pincode updated by Addfix',
];

t.test('the B2B table is accepted by the StatusMapper and covers exactly the legacy statuses', async (t) => {
  t.doesNotThrow(() => new StatusMapper('delhivery-b2b', B2B_STATUSES), 'no two unconditional rows for one status');
  const statuses = (table: typeof B2B_STATUSES) => [...new Set(table.map((row) => normalizeStatus(row.status)))].sort();
  t.same(statuses(B2B_STATUSES), statuses(LEGACY_STATUSES));
});

t.test('B2B updates on every status (seed: noChange=false), except scans that carry no state', async (t) => {
  const noChange = B2B_STATUSES.filter((row) => row.to === NO_CHANGE).map((row) => row.status);
  t.same(noChange.sort(), [...STATELESS_SCANS].sort());
});

t.test('"Pending": in transit once the boxes were picked up before today (IST), else waiting for pickup', async (t) => {
  // START is 09:30 IST on 10 March 2026.
  const { sim, register, run, view } = await startB2b(t);
  const pending = (wbn: string, pickupDate?: string) => ({
    status: 'Pending',
    boxes: [{ wbn, status: 'Pending', scanTimestamp: '2026-03-10T09:00:00', ...(pickupDate ? { pickupDate } : {}) }],
  });
  sim.setLr('LRP1', pending('B1', '2026-03-09'));
  sim.setLr('LRP2', pending('B2', '2026-03-10'));
  sim.setLr('LRP3', pending('B3'));
  await register(['LRP1', 'LRP2', 'LRP3']);
  await run();
  t.equal((await view('LRP1')).status, 'in_transit', 'picked up yesterday');
  t.equal((await view('LRP2')).status, 'pending_pickup', 'picked up today');
  t.equal((await view('LRP3')).status, 'pending_pickup', 'no pickup date');
});
