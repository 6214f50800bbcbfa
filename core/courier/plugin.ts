import type { FastifyPluginAsync } from 'fastify';
import fp from 'fastify-plugin';
import type { CourierAdapter } from './adapter.js';
import type { CourierDeclaration } from './definition.js';

/** A stand-in for the courier's API started on this machine, and the options that point the courier at it. */
export interface LocalCourier {
  /** Option values by option name (`base_url`, credentials …); they win over configured ones. */
  options: Record<string, string>;
  /** Called once the service listens, with its URL and the courier's settings (a push courier's stand-in starts sending webhooks). */
  listening?: (serviceUrl: string, settings: Readonly<Record<string, string>>) => void;
  close(): Promise<void>;
}

export interface CourierPlugin {
  kind: 'courier';
  declaration: CourierDeclaration;
  adapter: CourierAdapter;
  /**
   * Starts a local stand-in of the courier's API (the sandbox does). The service starts it when
   * WAYBILL_SANDBOX is `on`, or `auto` and no other courier is configured, so a fresh clone has one to try.
   */
  localSimulator?: (() => Promise<LocalCourier>) | undefined;
  plugin: FastifyPluginAsync;
}

/**
 * A courier plugin: its declaration (batch, quota, auth, endpoints, status table) and the adapter that
 * speaks its API. Registering it validates the declaration against its configuration.
 */
export function defineCourier(
  declaration: CourierDeclaration,
  adapter: CourierAdapter,
  extras: { localSimulator?: () => Promise<LocalCourier> } = {},
): CourierPlugin {
  const plugin = fp(
    async (app) => {
      const local = extras.localSimulator && app.waybill.localCouriers ? await extras.localSimulator() : null;
      if (local) app.addHook('onClose', () => local.close());
      if (local?.listening) {
        const notify = local.listening;
        app.addHook('onListen', async () => {
          const address = app.server.address();
          if (address && typeof address === 'object') notify(`http://${address.family === 'IPv6' ? `[${address.address}]` : address.address}:${address.port}`, entry.webhook?.context.settings ?? {});
        });
      }
      const entry = app.waybill.registry.register(declaration, adapter, local?.options ?? {});
      if (local) {
        app.log.info({ courier: declaration.name, simulator: local.options.base_url }, `courier ${declaration.name} runs against its local simulator (WAYBILL_SANDBOX=off to disable)`);
      }
    },
    { name: `waybill-courier-${declaration.name}`, dependencies: ['waybill-core'], fastify: '5.x' },
  );
  return { kind: 'courier', declaration, adapter, localSimulator: extras.localSimulator, plugin };
}
