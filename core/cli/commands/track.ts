import type { Command } from '../command.js';
import { cell, table } from '../table.js';

interface ShipmentView {
  courier: string;
  trackingNumber: string;
  orderId: string | null;
  status: string;
  substatus: string | null;
  rawStatus: string | null;
  lastEventAt: string | null;
  lastCheckedAt: string | null;
  nextCheckAt: string | null;
  active: boolean;
  inactiveReason: string | null;
  lastError: string | null;
  source: string;
  liveError?: string;
  events: { at: string; status: string; canonicalStatus: string | null; location?: string | null }[];
}

export const track: Command = {
  usage: 'track <courier> <tracking-number> [--refresh]   a shipment from the store (--refresh: ask the courier now)',
  arity: [2, 2],
  async run([courier, number], ctx) {
    const path = `/v1/shipments/${encodeURIComponent(courier!)}/${encodeURIComponent(number!)}${ctx.refresh ? '?refresh=true' : ''}`;
    const s = (await ctx.api.get(path)) as ShipmentView;
    if (ctx.json) return ctx.write(`${JSON.stringify(s, null, 2)}\n`);
    const status = [s.status, s.substatus && `(${s.substatus})`, s.rawStatus && `raw ${s.rawStatus}`].filter(Boolean).join(' ');
    const facts: [string, unknown][] = [
      ['status', status],
      ['order', s.orderId],
      ['last event', s.lastEventAt],
      ['checked', s.lastCheckedAt && `${s.lastCheckedAt} (${s.source})`],
      ['next check', s.active ? s.nextCheckAt : `none: ${cell(s.inactiveReason)}`],
      ['last error', s.liveError ?? s.lastError],
    ];
    ctx.write(`${s.courier} ${s.trackingNumber}\n`);
    ctx.write(facts.map(([k, v]) => `  ${k.padEnd(11)}${cell(v)}`).join('\n') + '\n\n');
    const events = [...s.events].reverse().map((e) => [e.at, cell(e.canonicalStatus), e.status, cell(e.location)]);
    ctx.write(events.length ? table(['at', 'status', 'raw', 'location'], events) : 'no events yet\n');
  },
};
