import { join } from 'node:path';
import autocannon from 'autocannon';
import Fastify, { type FastifyInstance } from 'fastify';
import { buildApp } from '../../../core/app.js';
import { loadConfig } from '../../../config/load.js';
import sandbox from '../../../plugins/couriers/sandbox/index.js';
import { interleaved, ratioOf, stats, type FigureModule } from '../figure.js';
import { SANDBOX_CLIENT, Scope, benchLogger, sandboxBench, seed } from '../sandbox-bench.js';

interface Load {
  rps: number;
  p50: number;
  p99: number;
}

async function load(url: string, paths: readonly string[], seconds: number): Promise<Load> {
  let i = 0;
  const result = await autocannon({
    url,
    connections: 10,
    duration: seconds,
    requests: [{ method: 'GET', setupRequest: (req) => ({ ...req, path: paths[i++ % paths.length]! }) }],
  });
  if (result.non2xx > 0 || result.errors > 0) throw new Error(`${result.non2xx} non-2xx answers and ${result.errors} errors under load`);
  return { rps: result.requests.average, p50: result.latency.p50, p99: result.latency.p99 };
}

/** A bare Fastify route answering a document of the same size from memory, with the same path shape. */
async function bareRoute(document: string): Promise<FastifyInstance> {
  const bare = Fastify({ logger: false });
  bare.get('/v1/shipments/:courier/:trackingNumber', async (_request, reply) => reply.type('application/json').send(document));
  await bare.listen({ host: '127.0.0.1', port: 0 });
  return bare;
}

/** Figure 3: GET /v1/shipments/:courier/:trackingNumber on a store of 1,000,000 shipments, under autocannon. */
export const lookupFigure: FigureModule = {
  key: 'lookup',
  title: 'Lookup API',
  async measure({ repetitions, quick, log }) {
    const stored = quick ? 100_000 : 1_000_000;
    const seconds = quick ? 3 : 5;
    const scope = new Scope();
    try {
      // Shipments the engine has tracked (events, history, a driver-free location) among many only registered.
      const h = await sandboxBench(scope);
      const tracked = Array.from({ length: 2000 }, (_, i) => `SBX-DELIVERED-L${i}`);
      await seed(h, tracked);
      await h.run();
      log(`  lookup: seeding ${stored} shipments`);
      await seed(h, Array.from({ length: stored - tracked.length }, (_, i) => `SBX-RETRY-F${i}`));
      const document = (await h.app.inject({ method: 'GET', url: `/v1/shipments/sandbox/${tracked[0]}` })).body;

      // The service as deployed: its own logger at info (to nowhere), no test capture.
      const config = loadConfig({
        WAYBILL_STORE: `sqlite:${join(h.dir, 'waybill.db')}`,
        WAYBILL_COURIER_SANDBOX_CLIENT_ID: SANDBOX_CLIENT.client_id,
        WAYBILL_COURIER_SANDBOX_CLIENT_SECRET: SANDBOX_CLIENT.client_secret,
      });
      const app = await buildApp({ config, couriers: [sandbox], schedule: false, logger: benchLogger() });
      scope.teardown(() => app.close());
      await app.listen({ host: '127.0.0.1', port: 0 });
      const bare = await bareRoute(document);
      scope.teardown(() => bare.close());
      const paths = tracked.map((tn, i) => `/v1/shipments/sandbox/${i % 4 === 0 ? `SBX-RETRY-F${(i * 7919) % (stored - tracked.length)}` : tn}`);
      const urlOf = (server: FastifyInstance) => {
        const address = server.server.address();
        return `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
      };
      const oursLoads: Load[] = [];
      const theirsLoads: Load[] = [];
      const result = await interleaved(
        repetitions,
        async () => (oursLoads.push(await load(urlOf(app), paths, seconds)), oursLoads.at(-1)!.rps),
        async () => (theirsLoads.push(await load(urlOf(bare), paths, seconds)), theirsLoads.at(-1)!.rps),
      );
      const ratio = ratioOf(result.ours, result.theirs, 'higher');
      const p99 = stats(oursLoads.map((l) => l.p99)).median;
      log(`  lookup: ${result.ours.median} vs ${result.theirs.median} requests/s, p99 ${p99} ms`);
      return {
        key: 'lookup',
        title: `Lookup API on ${stored.toLocaleString('en')} stored shipments (10 connections)`,
        unit: 'requests/s',
        comparison: `a bare Fastify route returning a ${Buffer.byteLength(document)}-byte document from memory`,
        better: 'higher',
        ...result,
        ratio,
        goal: '≥ 0.5× the bare route, p99 < 10 ms',
        met: ratio >= 0.5 && p99 < 10,
        repetitions,
        stored,
        documentBytes: Buffer.byteLength(document),
        latencyMs: { ours: { p50: stats(oursLoads.map((l) => l.p50)).median, p99 }, theirs: { p50: stats(theirsLoads.map((l) => l.p50)).median, p99: stats(theirsLoads.map((l) => l.p99)).median } },
      };
    } finally {
      await scope.close();
    }
  },
};
