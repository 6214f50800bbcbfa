import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Cron } from 'croner';
import Type from 'typebox';
import type { CourierEntry } from '../../courier/registry.js';
import { minTimeMs } from '../../engine/limiter.js';
import type { FastifyInstance } from 'fastify';
import { problem } from '../problem.js';
import { CourierName, CourierSummarySchema, ErrorSchema } from '../schemas.js';
import { runView } from '../views.js';

const CourierListSchema = Type.Object({ couriers: Type.Array(CourierSummarySchema) }, { $id: 'CourierList' });
const RunStartedSchema = Type.Object({ runId: Type.String(), state: Type.String() }, { $id: 'RunStarted' });
const PauseInputSchema = Type.Object({ reason: Type.Optional(Type.String({ maxLength: 500 })) }, { additionalProperties: false, $id: 'PauseInput' });

async function courierSummary(app: FastifyInstance, entry: CourierEntry) {
  const { pauses, store, engine, clock } = app.waybill;
  const d = entry.definition;
  const [pause, lastRuns] = await Promise.all([pauses.current(entry.name), store.runs.list({ courier: entry.name, limit: 1 })]);
  const next = entry.runtime ? new Cron(d.schedule.cron, { paused: true }).nextRun(clock.now()) : null;
  return {
    name: entry.name,
    displayName: d.displayName,
    mode: d.mode,
    enabled: entry.runtime !== null || entry.webhook !== null,
    disabledReason: entry.disabledReason,
    polled: entry.runtime !== null,
    webhooks: entry.webhook !== null,
    pollingOffReason: entry.pollingOffReason,
    baseUrl: d.endpoints.baseUrl,
    auth: d.auth.kind,
    batchSize: d.batchSize,
    concurrency: d.concurrency,
    quota: d.quota,
    minTimeMs: minTimeMs(d),
    schedule: d.schedule,
    paused: pause !== null,
    pausedUntil: pause?.until?.toISOString() ?? null,
    pauseReason: pause?.reason ?? null,
    runningRunId: engine.runningRunId(entry.name),
    lastRun: lastRuns[0] ? runView(lastRuns[0]) : null,
    nextRunAt: next?.toISOString() ?? null,
  };
}

export const courierRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { registry, engine, pauses } = app.waybill;
  const Params = Type.Object({ name: CourierName });
  const notFound = (name: string) => problem(404, 'COURIER_NOT_FOUND', `unknown courier "${name}"`);

  app.get(
    '/v1/couriers',
    {
      schema: {
        tags: ['couriers'],
        operationId: 'listCouriers',
        summary: 'Every courier plugin with its declaration, pause state and runs',
        description: 'Enabled or not (and why not), how it is polled or heard, its declared limits, pause, running run, last run and next scheduled run.',
        response: { 200: CourierListSchema },
      },
    },
    async () => ({ couriers: await Promise.all(registry.list().map((e) => courierSummary(app, e))) }),
  );

  app.get(
    '/v1/couriers/:name',
    {
      schema: {
        tags: ['couriers'],
        operationId: 'getCourier',
        summary: 'One courier plugin with its declaration, pause state and runs',
        description: 'What `GET /v1/couriers` lists, for one courier; 404 COURIER_NOT_FOUND for a name no plugin has.',
        params: Params,
        response: { 200: CourierSummarySchema, 404: ErrorSchema },
      },
    },
    async (request, reply) => {
      const entry = registry.get(request.params.name);
      return entry ? courierSummary(app, entry) : reply.code(404).send(notFound(request.params.name));
    },
  );

  app.post(
    '/v1/couriers/:name/runs',
    {
      schema: {
        tags: ['runs'],
        operationId: 'startRun',
        summary: 'Start a run now; 409 while one of this courier is in progress',
        description:
          'Answers at once with the run id; `GET /v1/runs/{id}` follows it. 409 RUN_IN_PROGRESS names the run in progress (`runId`); ' +
          '409 COURIER_UNAVAILABLE when the courier cannot be polled (disabled, push only).',
        params: Params,
        response: { 202: RunStartedSchema, 404: ErrorSchema, 409: ErrorSchema },
      },
    },
    async (request, reply) => {
      const { name } = request.params;
      if (!registry.get(name)) return reply.code(404).send(notFound(name));
      const outcome = await engine.startRun(name, 'manual');
      switch (outcome.kind) {
        case 'started':
        case 'skipped':
          return reply.code(202).send({ runId: outcome.run.id, state: outcome.run.state });
        case 'in_progress':
          return reply.code(409).send(problem(409, 'RUN_IN_PROGRESS', `a run of ${name} is in progress`, { runId: outcome.runId }));
        case 'unavailable':
          return reply.code(409).send(problem(409, 'COURIER_UNAVAILABLE', outcome.reason));
      }
    },
  );

  for (const action of ['pause', 'resume'] as const) {
    app.post(
      `/v1/couriers/:name/${action}`,
      {
        schema: {
          tags: ['couriers'],
          operationId: action === 'pause' ? 'pauseCourier' : 'resumeCourier',
          summary: action === 'pause' ? 'Stop polling this courier until resumed' : 'Lift any pause or cool-down of this courier',
          description:
            action === 'pause'
              ? 'An operator pause: no run polls the courier until it is resumed. The body is optional.'
              : 'Lifts an operator pause, a 429 pause and a 403 cool-down alike. The body is optional.',
          params: Params,
          body: PauseInputSchema,
          response: { 200: CourierSummarySchema, 404: ErrorSchema },
        },
        // The body is optional: an empty POST means "no reason given".
        preValidation: async (request) => {
          request.body ??= {};
        },
      },
      async (request, reply) => {
        const entry = registry.get(request.params.name);
        if (!entry) return reply.code(404).send(notFound(request.params.name));
        if (action === 'pause') await pauses.pauseManually(entry.name, request.body.reason ?? 'paused by an operator');
        else await pauses.resume(entry.name);
        request.log.info({ courier: entry.name }, `courier ${action}d`);
        return courierSummary(app, entry);
      },
    );
  }
};
