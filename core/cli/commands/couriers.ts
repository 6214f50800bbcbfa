import type { Command } from '../command.js';
import { cell, table } from '../table.js';

interface CourierSummary {
  name: string;
  mode: string;
  enabled: boolean;
  disabledReason: string | null;
  paused: boolean;
  pausedUntil: string | null;
  pauseReason: string | null;
  runningRunId: string | null;
  lastRun: { state: string; startedAt: string } | null;
  nextRunAt: string | null;
}

function pauseOf(c: CourierSummary): string {
  if (!c.paused) return '-';
  return `${c.pausedUntil ? `until ${c.pausedUntil}` : 'yes'}${c.pauseReason ? `: ${c.pauseReason}` : ''}`;
}

export const couriers: Command = {
  usage: 'couriers                         every courier: enabled, paused, last and next run',
  arity: [0, 0],
  async run(_args, ctx) {
    const body = (await ctx.api.get('/v1/couriers')) as { couriers: CourierSummary[] };
    if (ctx.json) return ctx.write(`${JSON.stringify(body, null, 2)}\n`);
    const rows = body.couriers.map((c) => [
      c.name,
      c.mode,
      c.enabled ? 'yes' : `no: ${cell(c.disabledReason)}`,
      pauseOf(c),
      c.runningRunId ? `running ${c.runningRunId}` : c.lastRun ? `${c.lastRun.state} ${c.lastRun.startedAt}` : '-',
      cell(c.nextRunAt),
    ]);
    ctx.write(table(['courier', 'mode', 'enabled', 'paused', 'last run', 'next run'], rows));
  },
};
