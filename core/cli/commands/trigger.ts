import type { Command } from '../command.js';

export const trigger: Command = {
  usage: 'trigger <courier>                start a run of the courier now',
  arity: [1, 1],
  async run([courier], ctx) {
    const body = (await ctx.api.post(`/v1/couriers/${encodeURIComponent(courier!)}/runs`)) as { runId: string; state: string };
    if (ctx.json) return ctx.write(`${JSON.stringify(body, null, 2)}\n`);
    ctx.write(`run ${body.runId} of ${courier}: ${body.state}\n`);
  },
};
