import type { Test } from 'tap';
import type { CheckRecord } from '../../core/store/check-log.js';
import type { Store } from '../../core/store/port.js';
import { afterCheck } from '../../core/shipment/check.js';
import type { CheckWrite, Lease, OutboxInput, Shipment } from '../../core/store/types.js';
import { emptyCounts } from '../../core/store/types.js';
import { applyCheck as write, applyManual } from './writes.js';

/**
 * The store contract: every Store implementation runs this same suite against a real instance.
 * `open` gives a fresh, empty, initialised store; the suite closes it. Shipment writes are driven by the
 * core's rules (core/shipment/), as the engine and the HTTP API drive them.
 */
export function runStoreContract(t: Test, open: () => Promise<Store>): void {
  const T0 = new Date('2026-03-01T00:00:00.000Z');
  const at = (minutes: number) => new Date(T0.getTime() + minutes * 60_000);
  const LEASE = 60_000;

  const withStore = (name: string, fn: (t: Test, store: Store) => Promise<void>) =>
    t.test(name, async (t) => {
      const store = await open();
      t.teardown(() => store.close());
      await fn(t, store);
    });

  const found = (overrides: Partial<CheckWrite> = {}): CheckWrite => ({
    checkedAt: at(1),
    nextCheckAt: at(121),
    consecutiveFailures: 0,
    lastError: null,
    active: true,
    inactiveReason: null,
    rawStatus: 'IN_TRANSIT',
    lastEventAt: at(0.5),
    events: [
      { at: at(0.2).toISOString(), status: 'PICKED_UP', location: 'Origin', canonicalStatus: 'picked_up', substatus: null },
      { at: at(0.5).toISOString(), status: 'IN_TRANSIT', location: 'Hub', canonicalStatus: 'in_transit', substatus: 'at_hub' },
    ],
    transition: { status: 'in_transit', substatus: null, rawStatus: 'IN_TRANSIT', at: at(0.5) },
    ...overrides,
  });
  const SLACK: OutboxInput[] = [{ effect: 'slack', dedupKey: 'slack:x:in_transit', payload: { to: 'in_transit' } }];
  const applyCheck = (store: Store, claim: { shipment: { id: string }; lease: Lease }, check: CheckWrite, now: Date, outbox = SLACK) =>
    write(store, claim.shipment.id, claim.lease, check, now, outbox);

  async function claimOnly(store: Store, courier: string, owner = 'a', now = at(1)) {
    const claims = await store.shipments.claimDue(courier, { owner, now, limit: 10, leaseMs: LEASE });
    if (claims.length !== 1) throw new Error(`expected one claim, got ${claims.length}`);
    return claims[0]!;
  }

  withStore('registers shipments idempotently on courier + tracking number', async (t, store) => {
    const first = await store.shipments.register(
      [
        { courier: 'c', trackingNumber: 'A1', orderId: 'O1', reference: 'R1', metadata: { shop: 'x' } },
        { courier: 'c', trackingNumber: 'A2' },
        { courier: 'd', trackingNumber: 'A1' },
      ],
      T0,
    );
    t.same(first.map((r) => r.created), [true, true, true]);
    const again = await store.shipments.register([{ courier: 'c', trackingNumber: 'A1' }], at(5));
    t.equal(again[0]!.id, first[0]!.id, 'same id for the same courier + tracking number');
    t.equal(again[0]!.created, false);
    const s = (await store.shipments.get('c', 'A1'))!;
    t.match(s, { orderId: 'O1', reference: 'R1', metadata: { shop: 'x' }, status: 'info_received', active: true, nextCheckAt: T0.toISOString() });
    t.same(s.statusFirstSeen, { info_received: T0.toISOString() });
    t.equal((await store.shipments.history(s.id)).length, 1, 'registration is the first history entry');
    t.equal(await store.shipments.get('c', 'nope'), null);
  });

  withStore('shipments registered at the same instant are listed in the order they were registered', async (t, store) => {
    const numbers = Array.from({ length: 40 }, (_, i) => `N${String(i).padStart(2, '0')}`);
    const shuffled = [...numbers].sort((a, b) => (a.slice(-1) === b.slice(-1) ? a.localeCompare(b) : a.slice(-1).localeCompare(b.slice(-1))));
    await store.shipments.register(shuffled.slice(0, 20).map((trackingNumber) => ({ courier: 'c', trackingNumber })), T0);
    await store.shipments.register(shuffled.slice(20).map((trackingNumber) => ({ courier: 'c', trackingNumber })), T0);
    const { items } = await store.shipments.list({ courier: 'c' }, { limit: 100, offset: 0 });
    t.same(
      items.map((s) => s.trackingNumber),
      shuffled,
      'ties on the registration time break by id, and ids grow with registration (not in tracking-number or random order)',
    );
  });

  withStore('a lookup reads the shipment with its events and history as the three reads give them', async (t, store) => {
    await store.shipments.register([{ courier: 'c', trackingNumber: 'L1', metadata: { shop: 'x' } }, { courier: 'c', trackingNumber: 'L2' }], T0);
    t.match(await store.shipments.lookup('c', 'L2'), { shipment: { trackingNumber: 'L2' }, events: [], history: [{ status: 'info_received', source: 'registration' }] }, 'registered only: no events');
    const claim = (await store.shipments.claimDue('c', { owner: 'a', now: at(1), limit: 1, leaseMs: LEASE }))[0]!;
    const sameInstant = at(0.5).toISOString();
    await applyCheck(
      store,
      claim,
      found({
        events: [
          { at: sameInstant, status: 'IN_TRANSIT', location: 'Hub', description: 'arrived', code: 'A1', canonicalStatus: 'in_transit', substatus: 'at_hub' },
          { at: at(0.2).toISOString(), status: 'PICKED_UP', statusType: 'scan', location: 'Origin', canonicalStatus: 'picked_up', substatus: null },
          { at: sameInstant, status: 'SORTED', location: 'Hub', canonicalStatus: null, substatus: null },
        ],
      }),
      at(1),
    );
    await applyManual(store, claim.shipment.id, { status: 'delivered', updatedBy: 'ops@shop', notes: 'left at door, "signed"', at: at(5) });
    const record = await store.shipments.lookup('c', 'L1');
    const shipment = (await store.shipments.get('c', 'L1'))!;
    t.same(record, { shipment, events: await store.shipments.events(shipment.id), history: await store.shipments.history(shipment.id) });
    t.same(
      record!.events.map((e) => e.status),
      ['PICKED_UP', 'IN_TRANSIT', 'SORTED'],
      'events in courier time order, those at the same instant in the order recorded',
    );
    t.match(record!.events[1], { code: 'A1', description: 'arrived', location: 'Hub', substatus: 'at_hub' });
    t.same(record!.history.map((h) => h.status), ['info_received', 'in_transit', 'delivered']);
    t.equal(record!.history[2]!.notes, 'left at door, "signed"');
    t.equal(await store.shipments.lookup('c', 'nope'), null);
    t.equal(await store.shipments.lookup('other', 'L1'), null, 'the courier is part of the key');
  });

  withStore('links to other numbers of the same parcel are kept from registration and added by checks', async (t, store) => {
    await store.shipments.register([{ courier: 'c', trackingNumber: 'ORIG' }], T0);
    t.same((await store.shipments.get('c', 'ORIG'))!.links, [], 'none by default');
    const claim = await claimOnly(store, 'c');
    await applyCheck(store, claim, found({ links: [{ trackingNumber: 'RET', relation: 'return' }] }), at(1));
    t.same((await store.shipments.get('c', 'ORIG'))!.links, [{ trackingNumber: 'RET', relation: 'return' }]);
    await store.shipments.register([{ courier: 'c', trackingNumber: 'RET', origin: 'return', links: [{ trackingNumber: 'ORIG', relation: 'return_of' }] }], at(2));
    t.match(await store.shipments.get('c', 'RET'), { origin: 'return', links: [{ trackingNumber: 'ORIG', relation: 'return_of' }] });
  });

  withStore('shipments awaited before their tracking numbers: one per order and courier, announced again by a repeat', async (t, store) => {
    await store.awaiting.add({ orderId: 'O1', courier: 'c', reference: 'box 1', metadata: { shop: 'x' } }, T0);
    await store.awaiting.add({ orderId: 'O1', courier: 'd' }, at(1));
    await store.awaiting.add({ orderId: 'O2', courier: 'c' }, at(1));
    t.same(await store.awaiting.forOrder('O1'), [
      { orderId: 'O1', courier: 'c', reference: 'box 1', metadata: { shop: 'x' }, registeredAt: T0.toISOString() },
      { orderId: 'O1', courier: 'd', reference: null, metadata: {}, registeredAt: at(1).toISOString() },
    ]);
    await store.awaiting.add({ orderId: 'O1', courier: 'c' }, at(2));
    t.same((await store.awaiting.forOrder('O1')).map((a) => [a.courier, a.reference, a.registeredAt]), [['d', null, at(1).toISOString()], ['c', null, at(2).toISOString()]]);
    t.same(await store.awaiting.forOrder('O3'), []);
  });

  withStore('a rejected registration batch writes nothing', async (t, store) => {
    const bad = { courier: 'c', trackingNumber: null as unknown as string };
    await t.rejects(store.shipments.register([{ courier: 'c', trackingNumber: 'OK1' }, bad], T0));
    t.equal(await store.shipments.get('c', 'OK1'), null);
  });

  withStore('an order id change the input refuses fails the whole batch; one it allows replaces the order id', async (t, store) => {
    await store.shipments.register([{ courier: 'c', trackingNumber: 'K1', orderId: 'O1' }], T0);
    const refusing = { courier: 'c', trackingNumber: 'K1', orderId: 'O2', refuseOrderIdChange: true };
    await t.rejects(store.shipments.register([{ courier: 'c', trackingNumber: 'NEW1', orderId: 'O2' }, refusing], at(1)), { name: 'OrderIdConflict', requestedOrderId: 'O2' });
    t.equal(await store.shipments.get('c', 'NEW1'), null, 'nothing of the batch is written');
    t.equal((await store.shipments.get('c', 'K1'))!.orderId, 'O1');
    await store.shipments.register([{ ...refusing, orderId: 'O1' }, { courier: 'c', trackingNumber: 'K1', refuseOrderIdChange: true }], at(2));
    t.equal((await store.shipments.get('c', 'K1'))!.orderId, 'O1', 'the same order id, or none, is no change');
    await store.shipments.register([{ courier: 'c', trackingNumber: 'K1', orderId: 'O3' }], at(3));
    t.equal((await store.shipments.get('c', 'K1'))!.orderId, 'O3', 'a source that owns the order link replaces it, as before');
  });

  withStore('claims due shipments oldest next check first, capped, skipping leased and inactive ones', async (t, store) => {
    await store.shipments.register([{ courier: 'c', trackingNumber: 'B' }], at(2));
    await store.shipments.register([{ courier: 'c', trackingNumber: 'A' }], at(1));
    await store.shipments.register([{ courier: 'c', trackingNumber: 'C' }], at(3));
    await store.shipments.register([{ courier: 'c', trackingNumber: 'LATER' }], at(50));
    await store.shipments.register([{ courier: 'other', trackingNumber: 'X' }], at(0));
    const first = await store.shipments.claimDue('c', { owner: 'a', now: at(10), limit: 2, leaseMs: LEASE });
    t.same(first.map((c) => c.shipment.trackingNumber), ['A', 'B']);
    const second = await store.shipments.claimDue('c', { owner: 'b', now: at(10), limit: 10, leaseMs: LEASE });
    t.same(second.map((c) => c.shipment.trackingNumber), ['C'], 'leased and not-yet-due shipments are skipped');
    t.ok(first[0]!.lease.token > 0);
    t.equal(await store.shipments.countDue('c', at(10)), 3);
  });

  withStore('concurrent claims never hand one shipment to two owners', async (t, store) => {
    await store.shipments.register(Array.from({ length: 40 }, (_, i) => ({ courier: 'c', trackingNumber: `N${i}` })), T0);
    const batches = await Promise.all(
      ['a', 'b', 'c', 'd'].map((owner) => store.shipments.claimDue('c', { owner, now: at(1), limit: 15, leaseMs: LEASE })),
    );
    const all = batches.flat().map((c) => c.shipment.trackingNumber);
    t.equal(all.length, 40);
    t.equal(new Set(all).size, 40, 'no shipment claimed twice');
  });

  withStore('an expired lease is reclaimed and the old holder can no longer write (fencing)', async (t, store) => {
    await store.shipments.register([{ courier: 'c', trackingNumber: 'F' }], T0);
    const old = await claimOnly(store, 'c', 'crashed', at(1));
    t.same(await store.shipments.claimDue('c', { owner: 'b', now: at(1.5), limit: 5, leaseMs: LEASE }), [], 'live lease blocks');
    const fresh = await claimOnly(store, 'c', 'b', at(2.01));
    t.ok(fresh.lease.token > old.lease.token, 'token grows on every claim');
    t.same(await applyCheck(store, { shipment: fresh.shipment, lease: old.lease }, found(), at(2.1)), { written: false, reason: 'lease_lost' });
    t.match(await applyCheck(store, fresh, found(), at(2.1)), { written: true });
  });

  withStore('a write after the lease expired is rejected even if nobody reclaimed', async (t, store) => {
    await store.shipments.register([{ courier: 'c', trackingNumber: 'S' }], T0);
    const claim = await claimOnly(store, 'c', 'slow', at(1));
    t.same(await applyCheck(store, claim, found(), at(3)), { written: false, reason: 'lease_lost' });
    t.equal((await store.shipments.get('c', 'S'))!.status, 'info_received');
  });

  withStore('applying a check writes status, events, history, first-seen and outbox atomically', async (t, store) => {
    await store.shipments.register([{ courier: 'c', trackingNumber: 'T' }], T0);
    const claim = await claimOnly(store, 'c');
    t.match(await applyCheck(store, claim, found(), at(1)), { written: true, newEvents: 2, update: { change: { from: 'info_received', to: 'in_transit' } }, shipment: { status: 'in_transit' } });
    const s = (await store.shipments.get('c', 'T'))!;
    t.match(s, { status: 'in_transit', rawStatus: 'IN_TRANSIT', lastCheckedAt: at(1).toISOString(), nextCheckAt: at(121).toISOString(), lastEventAt: at(0.5).toISOString() });
    t.same(s.statusFirstSeen, { info_received: T0.toISOString(), in_transit: at(0.5).toISOString() });
    t.same((await store.shipments.events(s.id)).map((e) => [e.status, e.canonicalStatus, e.substatus]), [['PICKED_UP', 'picked_up', null], ['IN_TRANSIT', 'in_transit', 'at_hub']], 'events with what the table made of them');
    t.same((await store.shipments.history(s.id)).map((h) => [h.status, h.source]), [['info_received', 'registration'], ['in_transit', 'courier']]);
    t.same(await store.outbox.counts(), { pending: 1, delivered: 0, dead: 0 });
  });

  withStore('applying the same courier result twice changes nothing', async (t, store) => {
    await store.shipments.register([{ courier: 'c', trackingNumber: 'I' }], T0);
    const first = await claimOnly(store, 'c');
    await applyCheck(store, first, found({ nextCheckAt: at(1) }), at(1));
    const second = await claimOnly(store, 'c', 'a', at(2));
    t.match(await applyCheck(store, second, found({ nextCheckAt: at(3) }), at(2)), { written: true, newEvents: 0, update: { change: null } });
    const id = first.shipment.id;
    t.equal((await store.shipments.events(id)).length, 2);
    t.equal((await store.shipments.history(id)).length, 2, 'no consecutive duplicate in the history');
    t.same(await store.outbox.counts(), { pending: 1, delivered: 0, dead: 0 }, 'no second delivery');
    t.same((await store.shipments.get('c', 'I'))!.statusFirstSeen.in_transit, at(0.5).toISOString(), 'first-seen kept');
  });

  withStore('first-seen timestamps keep the first occurrence across later transitions', async (t, store) => {
    await store.shipments.register([{ courier: 'c', trackingNumber: 'FS' }], T0);
    const steps: [string, number][] = [['in_transit', 1], ['out_for_delivery', 2], ['delivery_failed', 3], ['out_for_delivery', 4]];
    for (const [status, minute] of steps) {
      const claim = await claimOnly(store, 'c', 'a', at(minute));
      await applyCheck(
        store,
        claim,
        found({ checkedAt: at(minute), nextCheckAt: at(minute), events: [], transition: { status: status as 'in_transit', substatus: null, rawStatus: status, at: at(minute) } }),
        at(minute),
        [],
      );
    }
    const s = (await store.shipments.get('c', 'FS'))!;
    t.equal(s.statusFirstSeen.out_for_delivery, at(2).toISOString());
    t.same((await store.shipments.history(s.id)).map((h) => h.status), ['info_received', 'in_transit', 'out_for_delivery', 'delivery_failed', 'out_for_delivery']);
  });

  withStore('an update the core declines, or of a shipment that does not exist, writes nothing', async (t, store) => {
    const [reg] = await store.shipments.register([{ courier: 'c', trackingNumber: 'D' }], T0);
    const before = await store.shipments.get('c', 'D');
    t.same(await store.shipments.update(reg!.id, { now: at(1) }, () => null), { written: false, reason: 'declined' });
    t.same(await store.shipments.get('c', 'D'), before, 'the shipment is as it was');
    t.same(await store.shipments.update('no-such-id', { now: at(1) }, (s) => ({ next: s, history: [], events: [], outbox: [], lease: 'release' })), { written: false, reason: 'missing' });
  });

  withStore('a batch of updates is written in order, each under its own guard, with one outcome per request', async (t, store) => {
    await store.shipments.register(['B1', 'B2', 'B3'].map((trackingNumber) => ({ courier: 'c', trackingNumber })), T0);
    const claims = await store.shipments.claimDue('c', { owner: 'a', now: at(1), limit: 10, leaseMs: LEASE });
    const stale = { ...claims[1]!.lease, token: claims[1]!.lease.token - 1 };
    const check = (current: Shipment) => afterCheck(current, found(), at(1.5), () => SLACK.map((o) => ({ ...o, dedupKey: `${o.dedupKey}:${current.trackingNumber}` })));
    const outcomes = await store.shipments.updateMany([
      { shipmentId: claims[0]!.shipment.id, guard: { lease: claims[0]!.lease, now: at(1.5) }, decide: check },
      { shipmentId: claims[1]!.shipment.id, guard: { lease: stale, now: at(1.5) }, decide: check },
      { shipmentId: 'no-such-id', guard: { now: at(1.5) }, decide: check },
      { shipmentId: claims[2]!.shipment.id, guard: { lease: claims[2]!.lease, now: at(1.5) }, decide: () => null },
    ]);
    t.same(outcomes.map((o) => (o.written ? 'written' : o.reason)), ['written', 'lease_lost', 'missing', 'declined']);
    t.equal((await store.shipments.get('c', 'B1'))!.status, 'in_transit');
    t.equal((await store.shipments.get('c', 'B2'))!.status, 'info_received', 'the lost lease wrote nothing');
    t.equal((await store.shipments.events(claims[0]!.shipment.id)).length, 2);
    t.same((await store.outbox.claim({ owner: 'o', now: at(2), limit: 10, leaseMs: LEASE })).map((m) => m.dedupKey), ['slack:x:in_transit:B1']);
  });

  withStore("a batch's check-log rows, derived from its outcomes, are written with it", async (t, store) => {
    await store.shipments.register(['A1', 'A2'].map((trackingNumber) => ({ courier: 'c', trackingNumber })), T0);
    const claims = await store.shipments.claimDue('c', { owner: 'a', now: at(1), limit: 10, leaseMs: LEASE });
    const stale = { ...claims[1]!.lease, token: claims[1]!.lease.token - 1 };
    const check = (current: Shipment) => afterCheck(current, found(), at(1.5), () => []);
    const row = (claim: (typeof claims)[number], written: boolean): CheckRecord => ({
      shipmentId: claim.shipment.id,
      courier: 'c',
      trackingNumber: claim.shipment.trackingNumber,
      trigger: 'scheduled',
      triggeredBy: 'system',
      runId: null,
      success: written,
      httpStatus: 200,
      responseTimeMs: 12,
      error: written ? null : 'lease lost',
      previousStatus: 'info_received',
      newStatus: written ? 'in_transit' : 'info_received',
      eventsAdded: 0,
      at: at(1.5),
    });
    let seen: boolean[] = [];
    await store.shipments.updateMany(
      claims.map((claim, i) => ({ shipmentId: claim.shipment.id, guard: { lease: i === 1 ? stale : claim.lease, now: at(1.5) }, decide: check })),
      (outcomes) => ((seen = outcomes.map((o) => o.written)), claims.map((claim, i) => row(claim, outcomes[i]!.written))),
    );
    t.same(seen, [true, false], 'the rows are derived from the outcomes as written');
    const logged = await store.checks.list({ courier: 'c' }, { limit: 10, offset: 0 });
    t.same(
      logged.items.map((c) => [c.trackingNumber, c.success, c.newStatus]).sort(),
      [
        ['A1', true, 'in_transit'],
        ['A2', false, 'info_received'],
      ],
    );
  });

  withStore('released leases make shipments claimable again without recording a check', async (t, store) => {
    await store.shipments.register([{ courier: 'c', trackingNumber: 'R' }], T0);
    const claim = await claimOnly(store, 'c');
    await store.shipments.releaseLeases([{ shipmentId: claim.shipment.id, lease: claim.lease }]);
    const again = await claimOnly(store, 'c', 'b', at(1));
    t.equal(again.shipment.lastCheckedAt, null);
  });

  withStore('manual status updates are recorded with who made them; terminal ones stop tracking', async (t, store) => {
    const [reg] = await store.shipments.register([{ courier: 'c', trackingNumber: 'M' }], T0);
    const s1 = await applyManual(store, reg!.id, { status: 'delivered', updatedBy: 'ops@shop', notes: 'customer called', at: at(5) }, [
      { effect: 'mail', dedupKey: 'mail:M:delivered', payload: {} },
    ]);
    t.match(s1, { status: 'delivered', active: false, inactiveReason: 'terminal' });
    const s2 = await applyManual(store, reg!.id, { status: 'in_transit', updatedBy: 'ops@shop', notes: null, at: at(6), correction: true }, []);
    t.match(s2, { status: 'in_transit', active: true, inactiveReason: null, nextCheckAt: at(6).toISOString() });
    const history = await store.shipments.history(reg!.id);
    t.match(history[1], { status: 'delivered', source: 'manual', updatedBy: 'ops@shop', notes: 'customer called' });
    t.match(history[2], { status: 'in_transit', source: 'correction', updatedBy: 'ops@shop' }, 'leaving a terminal status is recorded as a correction');
    t.equal(history.length, 3);
    t.same(await store.outbox.counts(), { pending: 1, delivered: 0, dead: 0 });
  });

  withStore('concurrent manual updates lose no history entry', async (t, store) => {
    const [reg] = await store.shipments.register([{ courier: 'c', trackingNumber: 'CM' }], T0);
    const statuses = ['in_transit', 'out_for_delivery', 'delivery_failed', 'exception', 'available_for_pickup', 'picked_up'] as const;
    await Promise.all(statuses.map((status, i) => applyManual(store, reg!.id, { status, updatedBy: `u${i}`, notes: null, at: at(i + 1) }, [])));
    const history = await store.shipments.history(reg!.id);
    t.equal(history.length, statuses.length + 1);
    t.same(history.map((h) => h.updatedBy).slice(1).sort(), statuses.map((_, i) => `u${i}`).sort());
  });

  withStore('a double apply under one lease records one transition', async (t, store) => {
    await store.shipments.register([{ courier: 'c', trackingNumber: 'DA' }], T0);
    const claim = await claimOnly(store, 'c');
    const outcomes = await Promise.all([
      applyCheck(store, claim, found(), at(1)),
      applyCheck(store, claim, found(), at(1)),
    ]);
    t.equal(outcomes.filter((o) => o.written).length, 1, 'the lease is released by the first write');
    t.equal((await store.shipments.history(claim.shipment.id)).length, 2);
    t.equal((await store.shipments.events(claim.shipment.id)).length, 2);
  });

  withStore('expired shipments stop being tracked and are re-tracked when registered again', async (t, store) => {
    await store.shipments.register([{ courier: 'c', trackingNumber: 'OLD' }], T0);
    await store.shipments.register([{ courier: 'c', trackingNumber: 'NEW' }], at(100));
    t.equal(await store.shipments.expireStale('c', at(50), at(200)), 1);
    t.match(await store.shipments.get('c', 'OLD'), { active: false, inactiveReason: 'expired' });
    t.match(await store.shipments.get('c', 'NEW'), { active: true });
    await store.shipments.register([{ courier: 'c', trackingNumber: 'OLD' }], at(300));
    t.match(await store.shipments.get('c', 'OLD'), { active: true, inactiveReason: null, trackingSince: at(300).toISOString(), nextCheckAt: at(300).toISOString() });
  });

  withStore('shipments its source no longer wants are untracked, and come back when registered again', async (t, store) => {
    const regs = await store.shipments.register(
      [
        { courier: 'c', trackingNumber: 'U1', origin: 'orders' },
        { courier: 'c', trackingNumber: 'U2', origin: 'orders' },
        { courier: 'c', trackingNumber: 'U3' },
      ],
      T0,
    );
    t.same((await store.shipments.list({ origin: 'orders', active: true }, { limit: 10, offset: 0 })).items.map((s) => s.trackingNumber).sort(), ['U1', 'U2']);
    t.equal((await store.shipments.get('c', 'U3'))!.origin, 'api');
    t.equal(await store.shipments.untrack([regs[0]!.id], at(1)), 1);
    t.equal(await store.shipments.untrack([regs[0]!.id], at(1)), 0, 'untracking twice changes nothing');
    t.match(await store.shipments.get('c', 'U1'), { active: false, inactiveReason: 'untracked' });
    t.same((await store.shipments.claimDue('c', { owner: 'a', now: at(2), limit: 10, leaseMs: LEASE })).map((c) => c.shipment.trackingNumber).sort(), ['U2', 'U3']);
    await store.shipments.register([{ courier: 'c', trackingNumber: 'U1', origin: 'orders' }], at(3));
    t.match(await store.shipments.get('c', 'U1'), { active: true, inactiveReason: null });
  });

  withStore('lists shipments with filters and paging, and by order', async (t, store) => {
    await store.shipments.register(
      Array.from({ length: 5 }, (_, i) => ({ courier: i < 3 ? 'c' : 'd', trackingNumber: `L${i}`, orderId: i % 2 ? 'ODD' : 'EVEN' })),
      T0,
    );
    const page = await store.shipments.list({ courier: 'c' }, { limit: 2, offset: 0 });
    t.equal(page.total, 3);
    t.equal(page.items.length, 2);
    const rest = await store.shipments.list({ courier: 'c' }, { limit: 2, offset: 2 });
    t.equal(rest.items.length, 1);
    t.equal((await store.shipments.list({ status: 'delivered' }, { limit: 10, offset: 0 })).total, 0);
    t.same((await store.shipments.listByOrder('ODD')).map((s) => s.trackingNumber).sort(), ['L1', 'L3']);
    const byOrder = await store.shipments.listByOrder('ODD');
    const second = await store.shipments.pageByOrder('ODD', { limit: 1, offset: 1 });
    t.same({ ids: second.items.map((s) => s.id), total: second.total }, { ids: [byOrder[1]!.id], total: 2 }, 'an order a page at a time, in the same order');
    const byStatus = await store.shipments.countByStatus();
    t.same(byStatus.map((r) => `${r.courier}:${r.status}:${r.active}:${r.count}`).sort(), ['c:info_received:true:3', 'd:info_received:true:2']);
  });

  withStore('lists shipments by order ids, tracking numbers of a courier, and not checked since', async (t, store) => {
    await store.shipments.register(
      Array.from({ length: 4 }, (_, i) => ({ courier: i < 3 ? 'c' : 'd', trackingNumber: `N${i}`, orderId: `O${i}` })),
      T0,
    );
    const numbers = async (filter: Parameters<Store['shipments']['list']>[0]) => (await store.shipments.list(filter, { limit: 10, offset: 0 })).items.map((s) => s.trackingNumber).sort();
    t.same(await numbers({ orderIds: ['O1', 'O3', 'none'] }), ['N1', 'N3']);
    t.same(await numbers({ courier: 'c', trackingNumbers: ['N0', 'N2', 'N3'] }), ['N0', 'N2'], 'N3 is of another courier');
    t.same(await numbers({ courier: 'c', trackingNumbers: ['N1'], orderIds: ['O2'] }), [], 'every field must match');
    await applyCheck(store, await store.shipments.claimOne('c', 'N0', { owner: 'a', now: at(1), leaseMs: LEASE }).then((c) => c!), found({ checkedAt: at(1) }), at(1));
    t.same(await numbers({ courier: 'c', notCheckedSince: at(1) }), ['N1', 'N2'], 'never checked');
    t.same(await numbers({ courier: 'c', notCheckedSince: at(2) }), ['N0', 'N1', 'N2'], 'or checked before');
  });

  withStore('runs are created, updated, finished and listed newest first', async (t, store) => {
    const r1 = await store.runs.create({ courier: 'c', trigger: 'start', state: 'running', owner: 'a', startedAt: at(1) });
    const r2 = await store.runs.create({ courier: 'c', trigger: 'manual', state: 'skipped', owner: 'a', startedAt: at(2), pausedUntil: at(9) });
    await store.runs.create({ courier: 'd', trigger: 'schedule', state: 'running', owner: 'a', startedAt: at(3) });
    t.match(r1, { state: 'running', finishedAt: null, counts: emptyCounts() });
    t.match(r2, { state: 'skipped', pausedUntil: at(9).toISOString() });
    await store.runs.updateCounts(r1.id, { ...emptyCounts(), claimed: 5 }, at(1.5));
    t.match(await store.runs.get(r1.id), { counts: { claimed: 5 }, heartbeatAt: at(1.5).toISOString() }, 'counts carry a heartbeat');
    await store.runs.finish(r1.id, { state: 'failed', finishedAt: at(4), counts: { ...emptyCounts(), claimed: 5, failed: 5 }, error: 'boom' });
    t.match(await store.runs.get(r1.id), { state: 'failed', finishedAt: at(4).toISOString(), error: 'boom', counts: { failed: 5 } });
    t.same((await store.runs.list({ courier: 'c', limit: 10 })).map((r) => r.id), [r2.id, r1.id]);
    t.same((await store.runs.list({ courier: 'c', limit: 10, offset: 1 })).map((r) => r.id), [r1.id], 'a page further');
    t.equal((await store.runs.list({ limit: 10 })).length, 3);
    t.equal(await store.runs.get('missing'), null);
  });

  withStore('a running run whose heartbeat stopped is closed as abandoned with its counts, once, by another instance', async (t, store) => {
    const dead = await store.runs.create({ courier: 'c', trigger: 'start', state: 'running', owner: 'dead', startedAt: at(0) });
    await store.runs.updateCounts(dead.id, { ...emptyCounts(), claimed: 7, updated: 3 }, at(1));
    const alive = await store.runs.create({ courier: 'd', trigger: 'start', state: 'running', owner: 'alive', startedAt: at(0) });
    await store.runs.heartbeat(alive.id, at(2.5));
    const mine = await store.runs.create({ courier: 'e', trigger: 'start', state: 'running', owner: 'me', startedAt: at(0) });
    const done = await store.runs.create({ courier: 'f', trigger: 'start', state: 'running', owner: 'dead', startedAt: at(0) });
    await store.runs.finish(done.id, { state: 'succeeded', finishedAt: at(0.5), counts: emptyCounts() });
    t.match(await store.runs.get(alive.id), { heartbeatAt: at(2.5).toISOString() });

    t.same(await store.runs.abandonStale({ cutoff: at(0.5), now: at(2.6), exceptOwner: 'me' }), [], 'no heartbeat is older than the cutoff yet');
    const sweeps = await Promise.all([1, 2].map(() => store.runs.abandonStale({ cutoff: at(2), now: at(3), exceptOwner: 'me' })));
    t.same(sweeps.flat().map((r) => r.id), [dead.id], 'closed once although two instances swept together; the live, own and finished runs untouched');
    const closed = { state: 'abandoned', finishedAt: at(3).toISOString(), heartbeatAt: at(1).toISOString(), counts: { claimed: 7, updated: 3 }, error: /its instance \(dead\) stopped sending heartbeats at 2026-03-01T00:01:00.000Z/ };
    t.match(sweeps.flat()[0], closed);
    t.match(await store.runs.get(dead.id), closed);
    t.match(await store.runs.get(alive.id), { state: 'running' });
    t.match(await store.runs.get(mine.id), { state: 'running' }, 'an instance never closes its own runs');
    t.match(await store.runs.get(done.id), { state: 'succeeded' });
    await store.runs.heartbeat(dead.id, at(4));
    t.match(await store.runs.get(dead.id), { heartbeatAt: at(1).toISOString() }, 'a heartbeat does not reopen or move a closed run');
  });

  withStore('API calls are logged and counted per courier since a time', async (t, store) => {
    const call = { courier: 'c', runId: null, method: 'GET', path: '/track', status: 200, durationMs: 12, error: null };
    await store.apiCalls.log([{ ...call, at: at(1) }, { ...call, at: at(2) }, { ...call, courier: 'd', at: at(2) }]);
    t.equal(await store.apiCalls.count('c', at(0)), 2);
    t.equal(await store.apiCalls.count('c', at(1.5)), 1);
  });

  withStore('outbox: deduplicated, leased, completed once, retried, then dead', async (t, store) => {
    await store.outbox.enqueue([{ effect: 'e', dedupKey: 'k1', payload: { n: 1 } }, { effect: 'e', dedupKey: 'k1', payload: { n: 2 } }], at(0));
    await store.outbox.enqueue([{ effect: 'e', dedupKey: 'k2', payload: { n: 3 } }], at(0));
    const claimed = await store.outbox.claim({ owner: 'a', now: at(1), limit: 10, leaseMs: LEASE });
    t.same(claimed.map((m) => m.payload), [{ n: 1 }, { n: 3 }]);
    t.same(await store.outbox.claim({ owner: 'b', now: at(1), limit: 10, leaseMs: LEASE }), [], 'leased messages are not handed out twice');
    const [m1, m2] = claimed as [(typeof claimed)[0], (typeof claimed)[0]];
    t.equal(await store.outbox.complete(m1.id, m1.lease, at(1)), true);
    t.equal(await store.outbox.complete(m1.id, m1.lease, at(1)), false, 'completing twice is refused');
    t.equal(await store.outbox.fail(m2.id, m2.lease, { error: 'smtp down', retryAt: at(5) }, at(1)), true);
    t.same(await store.outbox.claim({ owner: 'a', now: at(4), limit: 10, leaseMs: LEASE }), [], 'not before its retry time');
    const [retry] = await store.outbox.claim({ owner: 'a', now: at(5), limit: 10, leaseMs: LEASE });
    t.equal(retry!.attempts, 1);
    const stale: Lease = { owner: 'a', token: retry!.lease.token - 1 };
    t.equal(await store.outbox.fail(retry!.id, stale, { error: 'x', retryAt: null }, at(5)), false, 'a stale lease cannot write');
    await store.outbox.fail(retry!.id, retry!.lease, { error: 'gave up', retryAt: null }, at(5));
    t.same(await store.outbox.counts(), { pending: 0, delivered: 1, dead: 1 });
  });

  withStore('outbox: one order key is delivered in order; a later message waits while an earlier one is retried', async (t, store) => {
    const msg = (key: string, n: number, orderKey: string | null = 'S1') => ({ effect: 'hook', dedupKey: key, orderKey, payload: { n } });
    await store.outbox.enqueue([msg('a1', 1), msg('a2', 2), msg('b1', 1, 'S2'), msg('free', 0, null)], at(0));
    await store.outbox.enqueue([{ ...msg('a1-other-effect', 1), effect: 'mail' }], at(0));
    const first = await store.outbox.claim({ owner: 'a', now: at(1), limit: 10, leaseMs: LEASE });
    t.same(first.map((m) => `${m.effect}:${m.dedupKey}`).sort(), ['hook:a1', 'hook:b1', 'hook:free', 'mail:a1-other-effect'], 'only the head of each order key, per effect');
    const head = first.find((m) => m.dedupKey === 'a1')!;
    for (const m of first.filter((m) => m !== head)) await store.outbox.complete(m.id, m.lease, at(1));
    await store.outbox.fail(head.id, head.lease, { error: 'receiver down', retryAt: at(10) }, at(1));
    t.same(await store.outbox.claim({ owner: 'a', now: at(5), limit: 10, leaseMs: LEASE }), [], 'a2 waits for a1, which waits for its retry');
    const [retry] = await store.outbox.claim({ owner: 'a', now: at(10), limit: 10, leaseMs: LEASE });
    t.equal(retry!.dedupKey, 'a1');
    await store.outbox.complete(retry!.id, retry!.lease, at(10));
    t.same((await store.outbox.claim({ owner: 'a', now: at(10), limit: 10, leaseMs: LEASE })).map((m) => m.dedupKey), ['a2'], 'then a2');
  });

  withStore('outbox: dead letters are listed with their last error and redriven from their first attempt', async (t, store) => {
    await store.outbox.enqueue([{ effect: 'hook', dedupKey: 'd1', orderKey: 'S', payload: { type: 'shipment.status_changed' } }, { effect: 'mail', dedupKey: 'd2', payload: {} }], at(0));
    for (const m of await store.outbox.claim({ owner: 'a', now: at(1), limit: 10, leaseMs: LEASE })) {
      await store.outbox.fail(m.id, m.lease, { error: `${m.effect} refused`, retryAt: null }, at(1));
    }
    const dead = await store.outbox.list({ state: 'dead' }, { limit: 10, offset: 0 });
    t.equal(dead.total, 2);
    t.match(dead.items.find((d) => d.effect === 'hook'), { state: 'dead', attempts: 1, lastError: 'hook refused', orderKey: 'S', payload: { type: 'shipment.status_changed' } });
    t.same((await store.outbox.list({ state: 'dead', effect: 'mail' }, { limit: 10, offset: 0 })).items.map((d) => d.dedupKey), ['d2']);
    t.equal(await store.outbox.redrive({ effect: 'hook' }, at(2)), 1, 'redrive by effect');
    t.equal(await store.outbox.redrive({ effect: 'hook' }, at(2)), 0, 'only dead ones');
    const hook = (await store.outbox.list({ effect: 'hook' }, { limit: 1, offset: 0 })).items[0]!;
    t.match(await store.outbox.get(hook.id), { state: 'pending', attempts: 0, nextAttemptAt: at(2).toISOString(), lastError: 'hook refused' });
    const mail = (await store.outbox.list({ effect: 'mail' }, { limit: 1, offset: 0 })).items[0]!;
    t.equal(await store.outbox.redrive({ ids: [mail.id, 'no-such-id'] }, at(2)), 1, 'redrive by id');
    t.same((await store.outbox.claim({ owner: 'b', now: at(2), limit: 10, leaseMs: LEASE })).map((m) => m.attempts), [0, 0], 'both deliverable again');
    t.equal(await store.outbox.get('no-such-id'), null);
  });

  withStore('the API calls of one run are read back in order', async (t, store) => {
    const call = { courier: 'c', method: 'GET', path: '/track', status: 200, durationMs: 5, error: null };
    await store.apiCalls.log([{ ...call, runId: 'r1', at: at(1) }, { ...call, runId: 'r2', at: at(1) }, { ...call, runId: 'r1', status: 429, error: 'rate limited', at: at(2) }]);
    t.same((await store.apiCalls.forRun('r1')).map((c) => [c.status, c.at.toISOString()]), [[200, at(1).toISOString()], [429, at(2).toISOString()]]);
    t.same(await store.apiCalls.forRun('none'), []);
  });

  withStore('courier pause state round-trips', async (t, store) => {
    t.same(await store.courierState.get('c'), { courier: 'c', pausedUntil: null, pauseReason: null, manual: false });
    await store.courierState.set({ courier: 'c', pausedUntil: at(8).toISOString(), pauseReason: '403', manual: false });
    t.same(await store.courierState.get('c'), { courier: 'c', pausedUntil: at(8).toISOString(), pauseReason: '403', manual: false });
    await store.courierState.set({ courier: 'c', pausedUntil: null, pauseReason: 'ops', manual: true });
    t.match(await store.courierState.get('c'), { manual: true, pauseReason: 'ops' });
  });

  withStore('a late write from the same owner under its expired lease is fenced by the token', async (t, store) => {
    await store.shipments.register([{ courier: 'c', trackingNumber: 'SAME' }], T0);
    const old = await claimOnly(store, 'c', 'a', at(1));
    const renewed = await claimOnly(store, 'c', 'a', at(2.01));
    t.equal(renewed.lease.owner, old.lease.owner);
    t.ok(renewed.lease.token > old.lease.token, 'a new claim by the same owner gets a new token');
    t.same(await applyCheck(store, old, found(), at(2.1)), { written: false, reason: 'lease_lost' });
    t.equal((await store.shipments.get('c', 'SAME'))!.status, 'info_received', 'the late write changed nothing');
    t.match(await applyCheck(store, renewed, found(), at(2.1)), { written: true, update: { change: { to: 'in_transit' } } });
  });

  withStore('a manual status ends the lease of a check in flight: its stale write is refused', async (t, store) => {
    await store.shipments.register([{ courier: 'c', trackingNumber: 'MAN' }], T0);
    const inFlight = await claimOnly(store, 'c', 'a', at(1));
    await applyManual(store, inFlight.shipment.id, { status: 'delivered', updatedBy: 'ops', notes: null, at: at(1.5) }, []);
    t.same(await applyCheck(store, inFlight, found(), at(1.6)), { written: false, reason: 'lease_lost' });
    t.match(await store.shipments.get('c', 'MAN'), { status: 'delivered', active: false });
    t.same((await store.shipments.history(inFlight.shipment.id)).map((h) => h.status), ['info_received', 'delivered']);
  });

  withStore('a registration may be due earlier than now (stalest first), never later', async (t, store) => {
    await store.shipments.register(
      [
        { courier: 'c', trackingNumber: 'RECENT', firstCheckAt: at(-10) },
        { courier: 'c', trackingNumber: 'NEVER', firstCheckAt: new Date(0) },
        { courier: 'c', trackingNumber: 'FUTURE', firstCheckAt: at(60) },
        { courier: 'c', trackingNumber: 'PLAIN' },
      ],
      T0,
    );
    const claims = await store.shipments.claimDue('c', { owner: 'a', now: T0, limit: 10, leaseMs: LEASE });
    t.same(claims.map((c) => c.shipment.trackingNumber).slice(0, 2), ['NEVER', 'RECENT'], 'oldest due first');
    t.equal((await store.shipments.get('c', 'FUTURE'))!.nextCheckAt, T0.toISOString(), 'a future first check is capped at now');
    await store.shipments.untrack([claims.find((c) => c.shipment.trackingNumber === 'PLAIN')!.shipment.id], at(1));
    await store.shipments.register([{ courier: 'c', trackingNumber: 'PLAIN', firstCheckAt: at(-5) }], at(2));
    t.equal((await store.shipments.get('c', 'PLAIN'))!.nextCheckAt, at(-5).toISOString(), 'a re-tracked shipment takes its first check too');
  });
}
