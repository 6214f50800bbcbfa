import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import { CourierName, ErrorSchema, RunSchema } from '../schemas.js';
import { runView } from '../views.js';

export const runRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { store } = app.waybill;

  app.get(
    '/v1/runs/:id',
    { schema: { tags: ['runs'], params: Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }) }), response: { 200: RunSchema, 404: ErrorSchema } } },
    async (request, reply) => {
      const run = await store.runs.get(request.params.id);
      return run ? runView(run) : reply.code(404).send({ statusCode: 404, error: 'Not Found', message: `no run ${request.params.id}` });
    },
  );

  app.get(
    '/v1/runs',
    {
      schema: {
        tags: ['runs'],
        summary: 'Recent runs, newest first',
        querystring: Type.Object({ courier: Type.Optional(CourierName), limit: Type.Integer({ minimum: 1, maximum: 200, default: 20 }) }),
        response: { 200: Type.Object({ runs: Type.Array(RunSchema) }) },
      },
    },
    async (request) => ({ runs: (await store.runs.list({ courier: request.query.courier, limit: request.query.limit })).map(runView) }),
  );
};
