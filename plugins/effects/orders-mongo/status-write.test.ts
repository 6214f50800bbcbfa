import { ObjectId, type Collection, type Document, type Filter, type UpdateFilter } from 'mongodb';
import t from 'tap';
import { effectOptions } from 'waybill/testing';
import { resolveOrdersConfig } from './config.js';
import ordersMongo from './index.js';
import { writeOrderStatus } from './status-write.js';
import type { ShopStatus } from './status-lookup.js';
import { ids, startShop } from './testing.js';

const { ferret, shop } = await startShop(t);
const orders = shop.db('status_write').collection('orders');
const configured = effectOptions(ordersMongo, { WAYBILL_EFFECT_ORDERS_MONGO_URL: ferret.uri, WAYBILL_EFFECT_ORDERS_MONGO_DATABASE: 'status_write' });
if (!configured.enabled) throw new Error(`orders-mongo is off: ${configured.reason}`);
const fields = resolveOrdersConfig(configured.options, configured.sourceOf).fields;

const A: ShopStatus = { name: 'in transit', id: 5, historyValue: new ObjectId() };
const B: ShopStatus = { name: 'out_for_delivery', id: 6, historyValue: new ObjectId() };
const PENDING = new ObjectId();
const at = (minute: number) => new Date(Date.UTC(2026, 4, 1, 10, minute));

async function newOrder(fieldsOfOrder: Document = {}): Promise<Filter<Document>> {
  const { insertedId } = await orders.insertOne({ awb_number: 'AWB-1', order_status: 4, order_status_map: [PENDING], ...fieldsOfOrder });
  return { _id: insertedId, awb_number: 'AWB-1' };
}

const historyOf = async (order: Filter<Document>) => ids((await orders.findOne(order))!.order_status_map);

/** The shop's admin (or the old tracker) appending a status, as it would: a plain `$push`. */
const otherWriterAppends = (order: Filter<Document>, status: ShopStatus) =>
  orders.updateOne(order, { $set: { order_status: status.id }, $push: { order_status_map: status.historyValue } } as UpdateFilter<Document>);

t.test('another writer appended the status after Waybill\'s last one: it is not appended again', async (t) => {
  const order = await newOrder();
  t.equal(await writeOrderStatus(orders, order, A, at(1), fields), 'appended');
  await otherWriterAppends(order, B);
  t.equal(await writeOrderStatus(orders, order, B, at(2), fields), 'already last');
  t.same(await historyOf(order), ids([PENDING, A.historyValue, B.historyValue]), 'no [… A, B, B]');
  t.match(await orders.findOne(order), { order_status: 6, waybill_last_status_at: at(2) });
  t.notOk('waybill_last_status' in (await orders.findOne(order))!, 'no copy of the last status beside the history');
});

t.test('another writer appends between Waybill\'s read and its update: the round is repeated on a fresh read', async (t) => {
  const order = await newOrder({ order_status_map: [PENDING, A.historyValue] });
  let raced = false;
  const racing = {
    findOne: orders.findOne.bind(orders),
    async updateOne(filter: Filter<Document>, update: UpdateFilter<Document>) {
      if (!raced) {
        raced = true;
        await otherWriterAppends(order, B);
      }
      return orders.updateOne(filter, update);
    },
  } as unknown as Collection<Document>;
  t.equal(await writeOrderStatus(racing, order, B, at(2), fields), 'already last');
  t.ok(raced);
  t.same(await historyOf(order), ids([PENDING, A.historyValue, B.historyValue]));
});

t.test('an order that never stops changing fails the write, so the outbox retries it later', async (t) => {
  const order = await newOrder();
  const alwaysRacing = {
    findOne: orders.findOne.bind(orders),
    async updateOne(filter: Filter<Document>, update: UpdateFilter<Document>) {
      await otherWriterAppends(order, { ...A, historyValue: new ObjectId() });
      return orders.updateOne(filter, update);
    },
  } as unknown as Collection<Document>;
  await t.rejects(writeOrderStatus(alwaysRacing, order, B, at(2), fields), /kept changing/);
  t.notOk((await historyOf(order)).includes(String(B.historyValue)));
});

t.test('a late older change does not put the order back', async (t) => {
  const order = await newOrder();
  await writeOrderStatus(orders, order, B, at(5), fields);
  t.equal(await writeOrderStatus(orders, order, A, at(3), fields), 'outdated');
  t.same(await historyOf(order), ids([PENDING, B.historyValue]));
  t.match(await orders.findOne(order), { order_status: 6, waybill_last_status_at: at(5) });
});

t.test('a missing or null history is created; one that is not an array is an error', async (t) => {
  for (const history of [{ order_status_map: null }, {}]) {
    const { insertedId } = await orders.insertOne({ awb_number: 'AWB-2', ...history });
    const order = { _id: insertedId, awb_number: 'AWB-2' };
    t.equal(await writeOrderStatus(orders, order, A, at(1), fields), 'appended');
    t.same(await historyOf(order), ids([A.historyValue]));
  }
  const broken = await newOrder({ order_status_map: 'pending' });
  await t.rejects(writeOrderStatus(orders, broken, A, at(1), fields), /not an array/);
  t.equal(await writeOrderStatus(orders, { _id: new ObjectId() }, A, at(1), fields), 'no order');
});
