import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';

const StatusCountsSchema = Type.Object(
  {
    items: Type.Array(
      Type.Object({ courier: Type.String(), status: Type.String(), active: Type.Boolean(), count: Type.Integer() }, { $id: 'StatusCount' }),
    ),
  },
  { $id: 'StatusCounts' },
);

export const statsRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { store } = app.waybill;

  app.get(
    '/v1/stats/statuses',
    {
      schema: {
        tags: ['shipments'],
        operationId: 'countShipmentsByStatus',
        summary: 'How many shipments each courier holds in each status, active or not',
        description: 'From the store, one item per courier, status and active flag (the status page draws its distribution from it).',
        response: { 200: StatusCountsSchema },
      },
    },
    async () => ({ items: await store.shipments.countByStatus() }),
  );
};
