import fp from 'fastify-plugin';
import { AsyncTask, SimpleIntervalJob } from 'toad-scheduler';
import { SlaMonitor } from '../sla/monitor.js';
import { checkSlaRules } from '../sla/rules.js';

/** How often the SLA rules are evaluated when the service runs its schedule. */
export const SLA_EVALUATION_MINUTES = 5;

declare module 'fastify' {
  interface FastifyInstance {
    sla: SlaMonitor;
  }
}

/** The SLA rules of the configuration, checked against the couriers, evaluated every few minutes. */
export const slaPlugin = fp(
  async (app) => {
    const { store, registry, effects, clock, config, schedule } = app.waybill;
    const monitor = new SlaMonitor({ store, registry, effects, clock, rules: checkSlaRules(config.sla, registry) });
    app.decorate('sla', monitor);
    if (!schedule || monitor.rules.length === 0) return;
    app.addHook('onReady', async () => {
      const task = new AsyncTask('sla', () => monitor.evaluate().then(() => undefined), (error) => app.log.error({ err: error }, 'SLA evaluation failed'));
      app.scheduler.addSimpleIntervalJob(new SimpleIntervalJob({ minutes: SLA_EVALUATION_MINUTES, runImmediately: true }, task, { preventOverrun: true, id: 'sla' }));
    });
  },
  { name: 'waybill-sla', dependencies: ['waybill-core', 'waybill-scheduler'], fastify: '5.x' },
);
