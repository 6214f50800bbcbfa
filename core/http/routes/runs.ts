import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import { problem } from '../problem.js';
import { CourierName, ErrorSchema, RunSchema } from '../schemas.js';
import { runView } from '../views.js';

const RunListSchema = Type.Object({ runs: Type.Array(RunSchema) }, { $id: 'RunList' });

export const runRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { store } = app.waybill;

  app.get(
    '/v1/runs/:id',
    {
      schema: {
        tags: ['runs'],
        operationId: 'getRun',
        summary: 'One run: its state, counts and the statuses it could not map',
        description: 'A run started by its schedule, at start, or by `POST /v1/couriers/{name}/runs`; 404 RUN_NOT_FOUND for an unknown id.',
        params: Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }) }),
        response: { 200: RunSchema, 404: ErrorSchema },
      },
    },
    async (request, reply) => {
      const run = await store.runs.get(request.params.id);
      return run ? runView(run) : reply.code(404).send(problem(404, 'RUN_NOT_FOUND', `no run ${request.params.id}`));
    },
  );

  app.get(
    '/v1/runs',
    {
      schema: {
        tags: ['runs'],
        operationId: 'listRuns',
        summary: 'Recent runs, newest first',
        description: 'Of every courier, or of the one named by `courier`.',
        querystring: Type.Object({ courier: Type.Optional(CourierName), limit: Type.Integer({ minimum: 1, maximum: 200, default: 20 }) }),
        response: { 200: RunListSchema },
      },
    },
    async (request) => ({ runs: (await store.runs.list({ courier: request.query.courier, limit: request.query.limit })).map(runView) }),
  );
};
