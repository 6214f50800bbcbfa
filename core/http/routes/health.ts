import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';

export const healthRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { store } = app.waybill;
  const started = Date.now();

  app.get(
    '/health',
    {
      config: { public: true },
      schema: {
        tags: ['service'],
        summary: 'Liveness and store reachability (no API key needed)',
        response: {
          200: Type.Object({ status: Type.Literal('ok'), store: Type.String(), uptimeSeconds: Type.Integer() }),
          503: Type.Object({ status: Type.Literal('unavailable'), store: Type.String(), error: Type.String() }),
        },
      },
    },
    async (_request, reply) => {
      try {
        await store.courierState.get('__health__');
        return { status: 'ok' as const, store: store.kind, uptimeSeconds: Math.floor((Date.now() - started) / 1000) };
      } catch (error) {
        return reply.code(503).send({ status: 'unavailable' as const, store: store.kind, error: (error as Error).message });
      }
    },
  );

};
