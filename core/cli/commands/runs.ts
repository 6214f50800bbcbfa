import type { Command } from '../command.js';
import { cell, table } from '../table.js';

interface RunView {
  id: string;
  courier: string;
  trigger: string;
  state: string;
  startedAt: string;
  finishedAt: string | null;
  counts: { claimed: number; updated: number; notFound: number; failed: number };
  error?: string;
}

export const runs: Command = {
  usage: 'runs [courier] [--limit n]       recent runs, newest first',
  arity: [0, 1],
  async run([courier], ctx) {
    const query = new URLSearchParams({ ...(courier ? { courier } : {}), ...(ctx.limit ? { limit: String(ctx.limit) } : {}) });
    const body = (await ctx.api.get(`/v1/runs${query.size ? `?${query}` : ''}`)) as { runs: RunView[] };
    if (ctx.json) return ctx.write(`${JSON.stringify(body, null, 2)}\n`);
    if (body.runs.length === 0) return ctx.write(`no runs${courier ? ` of ${courier}` : ''} yet\n`);
    const rows = body.runs.map((r) => [
      r.id,
      r.courier,
      r.trigger,
      r.state,
      r.startedAt,
      cell(r.finishedAt),
      String(r.counts.claimed),
      String(r.counts.updated),
      String(r.counts.notFound),
      String(r.counts.failed),
      cell(r.error),
    ]);
    ctx.write(table(['id', 'courier', 'trigger', 'state', 'started', 'finished', 'claimed', 'updated', 'not found', 'failed', 'error'], rows));
  },
};
