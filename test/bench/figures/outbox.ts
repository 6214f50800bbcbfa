import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { Pool } from 'undici';
import { ratioOf, stats, type FigureModule } from '../figure.js';
import type { ManualClock } from '../../../core/clock.js';
import { Scope, sandboxBench, seed } from '../sandbox-bench.js';

/**
 * Figure 6: deliveries per second from the outbox to a local HTTP receiver, against the status changes
 * per second a run writes into it. Each round: a run over fresh shipments (every one moves, so every one
 * enqueues a delivery), then the dispatcher drains what it enqueued.
 */
export const outboxFigure: FigureModule = {
  key: 'outbox',
  title: 'Outbox throughput',
  async measure({ repetitions, quick, log }) {
    const size = quick ? 2000 : 10_000;
    const scope = new Scope();
    try {
      let received = 0;
      const receiver = createServer((req, res) => {
        req.resume();
        req.on('end', () => ((received += 1), res.writeHead(204).end()));
      });
      await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
      scope.teardown(() => new Promise((resolve) => receiver.close(resolve)));
      const pool = new Pool(`http://127.0.0.1:${(receiver.address() as AddressInfo).port}`, { connections: 8 });
      scope.teardown(() => pool.close());
      const h = await sandboxBench(scope, {
        options: { max_per_run: String(size * 2) },
        sideEffects: [
          {
            name: 'bench-receiver',
            concurrency: 8,
            deliver: async (message) => {
              const res = await pool.request({ path: '/', method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(message) });
              await res.body.dump();
              if (res.statusCode !== 204) throw new Error(`the receiver answered ${res.statusCode}`);
            },
          },
        ],
      });
      const drains: number[] = [];
      const runs: number[] = [];
      const { store, outbox } = h.app.waybill;
      const clock = h.app.waybill.clock as ManualClock;
      for (let round = 0; round < repetitions; round++) {
        // A sandbox story's first answer is the label (the status a shipment is registered in): a first run
        // reads it, and the measured one, once the shipments are due again, moves every one to picked up.
        await seed(h, Array.from({ length: size }, (_, i) => `SBX-DELIVERED-O${round}-${i}`));
        await h.run();
        clock.advance(7_000);
        const before = (await store.outbox.counts()).pending;
        let started = performance.now();
        await h.run();
        let seconds = (performance.now() - started) / 1000;
        const enqueued = (await store.outbox.counts()).pending - before;
        runs.push(enqueued / seconds);
        log(`  engine: ${enqueued} status changes enqueued in ${seconds.toFixed(2)} s`);

        const receivedBefore = received;
        started = performance.now();
        let delivered = 0;
        for (let n = await outbox.drain(); n > 0; n = await outbox.drain()) delivered += n;
        seconds = (performance.now() - started) / 1000;
        if (received - receivedBefore !== enqueued) throw new Error(`the receiver got ${received - receivedBefore} of ${enqueued} deliveries`);
        drains.push(delivered / seconds);
        log(`  outbox: ${delivered} deliveries in ${seconds.toFixed(2)} s`);
      }
      const result = { ours: stats(drains), theirs: stats(runs) };
      const ratio = ratioOf(result.ours, result.theirs, 'higher');
      return {
        key: 'outbox',
        title: 'Outbox deliveries to a local HTTP receiver',
        unit: 'deliveries/s',
        comparison: 'status changes per second a run enqueues (the dispatcher must keep up)',
        better: 'higher',
        ...result,
        ratio,
        goal: '≥ 1× what the engine produces',
        met: ratio >= 1,
        repetitions,
      };
    } finally {
      await scope.close();
    }
  },
};
