import { buildAppFromEnv } from './app-from-env.js';
import { ConfigError } from '../config/errors.js';

/** `npm start`: build the service from the environment, serve, and shut down cleanly on a signal. */
async function main(): Promise<void> {
  const { app, config } = await buildAppFromEnv(process.env);
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
