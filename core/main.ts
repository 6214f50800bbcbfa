import { loadConfig } from '../config/load.js';
import { buildApp } from './app.js';
import { discoverCouriers } from './courier/discover.js';
import { ConfigError } from './errors.js';
import { ordersConfigFromEnv } from '../plugins/effects/orders-mongo/env.js';
import { startSandboxIfWanted } from './sandbox.js';

/** `npm start`: load and validate configuration, start the sandbox if nothing real is configured, serve. */
async function main(): Promise<void> {
  const couriers = await discoverCouriers();
  const { config, simulator } = await startSandboxIfWanted(loadConfig(), couriers);
  const orders = ordersConfigFromEnv(process.env);
  const plugins = orders ? [{ plugin: (await import('../plugins/effects/orders-mongo/index.js')).ordersMongoPlugin, options: orders }] : [];
  const app = await buildApp({ config, couriers, plugins });
  if (simulator) {
    app.log.info({ simulator: simulator.url }, 'no real courier configured: sandbox courier and its simulator started (WAYBILL_SANDBOX=off to disable)');
    app.addHook('onClose', () => simulator.close());
  }
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      app.log.info(`${signal}: shutting down`);
      app.close().then(
        () => process.exit(0),
        (error: unknown) => {
          app.log.error({ err: error }, 'shutdown failed');
          process.exit(1);
        },
      );
    });
  }
  await app.listen({ port: config.port, host: config.host });
}

main().catch((error: unknown) => {
  const message = error instanceof ConfigError ? error.message : error instanceof Error ? (error.stack ?? error.message) : String(error);
  process.stderr.write(`waybill: cannot start: ${message}\n`);
  process.exit(1);
});
