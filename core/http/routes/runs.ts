import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import { pageQuery } from '../limits.js';
import { problem } from '../problem.js';
import { CourierName, ErrorSchema, RunSchema } from '../schemas.js';
import { runView } from '../views.js';

const RunListSchema = Type.Object(
  {
    runs: Type.Array(RunSchema),
    /** The offset of the next page; null on the last one. */
    nextOffset: Type.Union([Type.Integer(), Type.Null()]),
  },
  { $id: 'RunList' },
);

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
        description: 'Of every courier, or of the one named by `courier`, a page at a time (`nextOffset`: null on the last page).',
        querystring: Type.Object({ courier: Type.Optional(CourierName), ...pageQuery(20) }),
        response: { 200: RunListSchema },
      },
    },
    async (request) => {
      const { courier, limit, offset } = request.query;
      // One more than asked tells whether another page follows.
      const runs = await store.runs.list({ courier, limit: limit + 1, offset });
      return { runs: runs.slice(0, limit).map(runView), nextOffset: runs.length > limit ? offset + limit : null };
    },
  );
};
