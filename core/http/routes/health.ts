import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import type { Store } from '../../store/port.js';

/** A store that takes longer than this to answer is not ready (a probe would time out waiting anyway). */
const READY_TIMEOUT_MS = 2_000;

const HEALTH_KEY = '__health__';

const HealthSchema = Type.Object({ status: Type.Literal('ok'), store: Type.String(), uptimeSeconds: Type.Integer() }, { $id: 'Health' });
const LiveSchema = Type.Object({ status: Type.Literal('ok'), uptimeSeconds: Type.Integer() }, { $id: 'HealthLive' });
const ReadySchema = Type.Object({ status: Type.Literal('ok'), store: Type.String() }, { $id: 'HealthReady' });
const UnavailableSchema = Type.Object({ status: Type.Literal('unavailable'), store: Type.String(), error: Type.String() }, { $id: 'StoreUnavailable' });

/** null when the store answers a read within the time; else why not. */
async function storeProblem(store: Store): Promise<string | null> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<string>((resolve) => {
    timer = setTimeout(() => resolve(`the store did not answer within ${READY_TIMEOUT_MS} ms`), READY_TIMEOUT_MS);
  });
  const read = store.courierState.get(HEALTH_KEY).then(
    () => null,
    (error: unknown) => (error instanceof Error ? error.message : String(error)),
  );
  try {
    return await Promise.race([read, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** Public probes, logged at debug (they come every few seconds). */
export const healthRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { store } = app.waybill;
  const started = Date.now();
  const uptimeSeconds = () => Math.floor((Date.now() - started) / 1000);
  const probe = { config: { public: true, quietLogs: true } } as const;

  app.get(
    '/health',
    {
      ...probe,
      schema: {
        tags: ['service'],
        operationId: 'getHealth',
        summary: 'Liveness and store reachability (no API key needed)',
        description: 'The process answers and the store answers a read. Prefer /health/live and /health/ready for probes.',
        security: [],
        response: { 200: HealthSchema, 503: UnavailableSchema },
      },
    },
    async (_request, reply) => {
      try {
        await store.courierState.get(HEALTH_KEY);
        return { status: 'ok' as const, store: store.kind, uptimeSeconds: uptimeSeconds() };
      } catch (error) {
        return reply.code(503).send({ status: 'unavailable' as const, store: store.kind, error: (error as Error).message });
      }
    },
  );

  app.get(
    '/health/live',
    {
      ...probe,
      schema: {
        tags: ['service'],
        operationId: 'getHealthLive',
        summary: 'Liveness: the process answers (no API key needed)',
        description: 'Never touches the store, so a database outage does not get a healthy process restarted.',
        security: [],
        response: { 200: LiveSchema },
      },
    },
    async () => ({ status: 'ok' as const, uptimeSeconds: uptimeSeconds() }),
  );

  app.get(
    '/health/ready',
    {
      ...probe,
      schema: {
        tags: ['service'],
        operationId: 'getHealthReady',
        summary: 'Readiness: the store answers (no API key needed)',
        description: `200 when the store answers a read within ${READY_TIMEOUT_MS} ms, else 503 with the reason: send no traffic here until it is ready again.`,
        security: [],
        response: { 200: ReadySchema, 503: UnavailableSchema },
      },
    },
    async (_request, reply) => {
      const problem = await storeProblem(store);
      if (problem === null) return { status: 'ok' as const, store: store.kind };
      return reply.code(503).send({ status: 'unavailable' as const, store: store.kind, error: problem });
    },
  );
};
