import fastifySchedule from '@fastify/schedule';
import fp from 'fastify-plugin';
import { AsyncTask, CronJob, SimpleIntervalJob } from 'toad-scheduler';
import { heartbeatIntervalMs } from '../engine/heartbeat.js';
import { pruneCheckLog, pruneOlderThan } from '../store/retention.js';
import { namedInConfiguration } from './local-couriers.js';

export interface SchedulerOptions {
  outboxIntervalSeconds?: number;
}

/** One cron job per polled courier, plus the outbox dispatcher; all start once every courier has registered. */
export const schedulerPlugin = fp<SchedulerOptions>(
  async (app, options) => {
    await app.register(fastifySchedule);
    // Tests drive runs themselves and build the app with schedule off.
    if (!app.waybill.schedule) return;
    app.addHook('onReady', async () => {
      const { registry, engine, outbox, store, clock, config } = app.waybill;
      for (const { name, definition } of registry.enabled()) {
        // A courier that needs no credentials is on by default: unless the operator named it, it runs only
        // when it has shipments due (else every fresh clone would ask its live host, for nothing).
        const onByDefaultOnly = definition.credentials.length === 0 && !namedInConfiguration(config, name);
        if (onByDefaultOnly) app.log.info({ courier: name }, `courier ${name} is not configured: it runs only once shipments of it are registered and due`);
        const wanted = async () => !onByDefaultOnly || (await store.shipments.countDue(name, clock.now())) > 0;
        const task = new AsyncTask(
          `run:${name}`,
          async () => {
            if (await wanted()) await engine.runToCompletion(name, 'schedule');
          },
          (error) => app.log.error({ err: error, courier: name }, 'scheduled run crashed'),
        );
        app.scheduler.addCronJob(new CronJob({ cronExpression: definition.schedule.cron }, task, { preventOverrun: true, id: `courier:${name}` }));
        if (definition.schedule.runOnStart) {
          const atStart = async () => {
            if (await wanted()) await engine.startRun(name, 'start');
          };
          atStart().catch((error: unknown) => app.log.error({ err: error, courier: name }, 'start-up run crashed'));
        }
      }
      // Any instance closes the runs of instances that died, a heartbeat interval after they miss a lease's worth.
      const sweep = new AsyncTask('runs:abandoned', () => engine.closeAbandonedRuns(), (error) => app.log.error({ err: error }, 'closing abandoned runs failed'));
      app.scheduler.addSimpleIntervalJob(
        new SimpleIntervalJob({ milliseconds: heartbeatIntervalMs(config.leaseSeconds * 1000), runImmediately: true }, sweep, { preventOverrun: true, id: 'runs:abandoned' }),
      );
      // At start too: an instance restarted more often than hourly would otherwise never prune.
      const prune = new AsyncTask(
        'retention',
        async () => {
          const pruned = await pruneOlderThan(app.waybill.store.retention, app.waybill.clock, app.waybill.config.retentionDays);
          if (pruned.runs + pruned.apiCalls + pruned.outboxMessages > 0) app.log.info(pruned, `retention: deleted what finished before ${pruned.before.toISOString()}`);
          const checks = await pruneCheckLog(app.waybill.store.checks, app.waybill.clock, app.waybill.config.checkLogDays);
          if (checks.checks > 0) app.log.info(checks, `retention: deleted the checks logged before ${checks.before.toISOString()}`);
        },
        (error) => app.log.error({ err: error }, 'retention prune failed'),
      );
      app.scheduler.addSimpleIntervalJob(new SimpleIntervalJob({ hours: 1, runImmediately: true }, prune, { preventOverrun: true, id: 'retention' }));
      const drain = new AsyncTask('outbox', () => outbox.drain(), (error) => app.log.error({ err: error }, 'outbox pass crashed'));
      app.scheduler.addSimpleIntervalJob(
        new SimpleIntervalJob({ seconds: options.outboxIntervalSeconds ?? 1 }, drain, { preventOverrun: true, id: 'outbox' }),
      );
    });
  },
  { name: 'waybill-scheduler', dependencies: ['waybill-core'], fastify: '5.x' },
);
