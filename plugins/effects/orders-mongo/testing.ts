import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { MongoClient, ObjectId, type Collection, type Document } from 'mongodb';
import { buildAppFromEnv } from 'waybill';
import { capturingLogger, tempDir, type ManualClock } from 'waybill/testing';
import { startFerretDB, type FerretDBServer } from '../../../test/helpers/ferretdb.js';
import { SandboxSimulator } from '../../couriers/sandbox/index.js';
import { SANDBOX_CLIENT } from '../../couriers/sandbox/testing.js';
import { ORDERS_ORIGIN } from './index.js';

export const T0 = '2026-05-01T10:00:00.000Z';
export const DAY = 24 * 60 * 60 * 1000;
export const PRIMARY = ['shopify', 'woocommerce', 'Outbound', 'other', 'Retailer'];
/** The shop's `status` collection: name → status_id. */
export const STATUS_IDS: Record<string, number> = {
  pending: 4, 'in transit': 5, out_for_delivery: 6, ndr: 7, rto: 8, 'rto in transit': 9,
  delivered: 10, lost: 11, destroy: 12, booking_cancelled: 13, 'cancelled by customer': 2,
};
const STATUS_OIDS = Object.fromEntries(Object.keys(STATUS_IDS).map((name) => [name, new ObjectId()]));
/** The `_id` of a shop status: what the history holds by default. */
export const oid = (name: string): ObjectId => STATUS_OIDS[name]!;
export const ids = (values: unknown): string[] => (values as unknown[]).map((v) => String(v));

interface Teardown {
  teardown(fn: () => unknown): void;
}

/** A FerretDB for one test file and a client playing the shop's other writers. */
export async function startShop(t: Teardown): Promise<{ ferret: FerretDBServer; shop: MongoClient }> {
  const ferret = await startFerretDB();
  t.teardown(() => ferret.stop());
  const shop = new MongoClient(ferret.uri);
  t.teardown(() => shop.close());
  return { ferret, shop };
}

/** A shop database with the `status` collection filled; returns its (empty) `orders` collection. */
export async function seedStatuses(shop: MongoClient, db: string): Promise<Collection<Document>> {
  const database = shop.db(db);
  await database.collection('status').insertMany(Object.entries(STATUS_IDS).map(([name, id]) => ({ _id: oid(name), status_id: id, name })));
  return database.collection('orders');
}

/** An order the default field names describe, booked two days before the clock's now, in a tracked status. */
export function order(fields: Document, clock: ManualClock): Document {
  return {
    _id: new ObjectId(), bookingCourier: 'Sandbox Express', source: 'shopify', order_status: 4,
    isBooked: { timestamp: new Date(clock.now().getTime() - 2 * DAY) }, ...fields,
  };
}

/** A sandbox simulator on the test's clock; returns the variables pointing the sandbox courier at it. */
export async function sandboxEnv(t: Teardown, clock: ManualClock): Promise<{ env: Record<string, string>; sim: SandboxSimulator }> {
  const sim = await SandboxSimulator.start({ clientId: SANDBOX_CLIENT.client_id, clientSecret: SANDBOX_CLIENT.client_secret, now: () => clock.now() });
  t.teardown(() => sim.close());
  const env = {
    WAYBILL_COURIER_SANDBOX_BASE_URL: sim.url,
    WAYBILL_COURIER_SANDBOX_CLIENT_ID: SANDBOX_CLIENT.client_id,
    WAYBILL_COURIER_SANDBOX_CLIENT_SECRET: SANDBOX_CLIENT.client_secret,
    WAYBILL_COURIER_SANDBOX_QUOTA_REQUESTS: '1000',
    WAYBILL_COURIER_SANDBOX_QUOTA_WINDOW_SECONDS: '1',
  };
  return { env, sim };
}

/**
 * The service built from `env` exactly as `npm start` builds it (buildAppFromEnv), on a fresh SQLite store
 * unless `env` names another, with the sandbox auto-start off, on a manual clock. `schedule: false` (the
 * default) leaves runs, the outbox and the orders sync to the test.
 */
export async function startService(t: Teardown, clock: ManualClock, env: Record<string, string>, schedule = false) {
  const logs: string[] = [];
  const { app } = await buildAppFromEnv(
    { WAYBILL_STORE: `sqlite:${join(tempDir(t), 'waybill.db')}`, WAYBILL_SANDBOX: 'off', ...env },
    { clock, schedule, logger: capturingLogger(logs) },
  );
  t.teardown(() => app.close());
  await app.ready();
  return { app, logs };
}

/** One run of `courier` after a few seconds, then every side effect delivered. */
export async function poll(app: FastifyInstance, clock: ManualClock, courier = 'sandbox'): Promise<void> {
  clock.advance(7_000);
  await app.waybill.engine.runToCompletion(courier, 'manual');
  while ((await app.waybill.outbox.drain()) > 0);
}

export async function trackedShipments(app: FastifyInstance) {
  return (await app.waybill.store.shipments.list({ origin: ORDERS_ORIGIN }, { limit: 100, offset: 0 })).items;
}
