import type { FastifyPluginAsync } from 'fastify';
import fp from 'fastify-plugin';
import type { CourierAdapter } from './adapter.js';
import type { CourierDeclaration } from './definition.js';

export interface CourierPlugin {
  declaration: CourierDeclaration;
  adapter: CourierAdapter;
  plugin: FastifyPluginAsync;
}

/**
 * A courier plugin: its declaration (batch, quota, auth, endpoints, status table) and the adapter that
 * speaks its API. Registering it validates the declaration against its configuration.
 */
export function defineCourier(declaration: CourierDeclaration, adapter: CourierAdapter): CourierPlugin {
  const plugin = fp(
    async (app) => {
      app.waybill.registry.register(declaration, adapter);
    },
    { name: `waybill-courier-${declaration.name}`, dependencies: ['waybill-core'], fastify: '5.x' },
  );
  return { declaration, adapter, plugin };
}
