import { MongoClient } from 'mongodb';
import { AsyncTask, CronJob } from 'toad-scheduler';
import { ConfigError, defineEffect } from 'waybill';
import { OrdersConfigSchema, redactUrl, resolveOrdersConfig, type OrdersConfig } from './config.js';
import { OrdersSource, type SyncReport } from './source.js';
import { StatusLookup } from './status-lookup.js';
import { ordersCheckObserver, ordersStatusEffect } from './writeback.js';

export { type OrdersConfig, type OrdersSelector } from './config.js';
export { ORDERS_ORIGIN, type SyncReport } from './source.js';
export { ORDERS_EFFECT_NAME } from './writeback.js';

export interface OrdersMongo {
  config: OrdersConfig;
  /** Run a sync now (shares a sync already running). */
  sync(): Promise<SyncReport>;
  lastReport(): SyncReport | null;
}

declare module 'fastify' {
  interface FastifyInstance {
    ordersMongo: OrdersMongo;
  }
}

/**
 * The shop's own orders collection as a shipment source and a write-back target: registers matching
 * orders as shipments on a schedule, mirrors every check onto the order, and writes status changes back.
 * On when WAYBILL_EFFECT_ORDERS_MONGO_URL is set.
 */
export default defineEffect(
  { name: 'orders-mongo', displayName: "The shop's orders collection (MongoDB)", options: OrdersConfigSchema, requires: ['url'] },
  async ({ app, options, log, schedule, sourceOf }) => {
    const config = resolveOrdersConfig(options, sourceOf);
    let client: MongoClient;
    try {
      client = new MongoClient(config.url, { appName: 'waybill-orders', serverSelectionTimeoutMS: config.serverSelectionTimeoutMs });
    } catch (error) {
      throw new ConfigError(`${sourceOf('/url')}: ${(error as Error).message}`);
    }
    const db = client.db(config.database);
    const orders = db.collection(config.ordersCollection);
    const { store, registry, effects, clock } = app.waybill;
    const statuses = new StatusLookup(db.collection(config.statusCollection), config, clock);
    effects.register(ordersStatusEffect({ config, orders, clock }, statuses));
    effects.addObserver(ordersCheckObserver({ config, orders, clock }));
    const source = new OrdersSource({ config, orders, store, registry, clock, log });
    app.decorate('ordersMongo', { config, sync: () => source.sync(), lastReport: () => source.lastReport });
    log.info(
      { url: redactUrl(config.url), database: config.database, collection: config.ordersCollection, selectors: config.selectors.map((s) => `${s.name}→${s.courier}`) },
      'orders-mongo: shop orders collection configured',
    );

    if (schedule) {
      app.addHook('onReady', async () => {
        const task = new AsyncTask(
          'orders-mongo:sync',
          async () => void (await source.sync()),
          (error) => log.error({ err: error }, 'orders sync failed; the next scheduled sync tries again'),
        );
        app.scheduler.addCronJob(new CronJob({ cronExpression: config.cron }, task, { preventOverrun: true, id: 'orders-mongo:sync' }));
        if (config.syncOnStart) source.sync().catch((error: unknown) => log.error({ err: error }, 'start-up orders sync failed'));
      });
    }
    app.addHook('onClose', async () => {
      await source.idle();
      await client.close();
    });
  },
);
