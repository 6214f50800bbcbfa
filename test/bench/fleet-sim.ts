import { parseArgs } from 'node:util';
import { CANONICAL_STATUSES, isTerminal, type CanonicalStatus } from 'waybill';
import { comparePolicies, DELHIVERY_BATCH_SIZE, type PolicyResult } from './fleet/compare.js';
import { STATUSES_THAT_MATTER, type DelayKey } from './fleet/delays.js';
import { DEFAULT_FLEET, type FleetParams, type Range } from './fleet/fleet.js';
import { adaptivePolicy, EVERY_8_MINUTES, HOURLY } from './fleet/policies.js';

/**
 * `npm run fleet-sim -- [options]`: your fleet's numbers through the real engine in virtual time, under
 * Waybill's adaptive schedule (with your intervals) and the fixed every-8-minutes and hourly policies; prints
 * the requests, shipment checks and delays of each.
 */

const MOVING = CANONICAL_STATUSES.filter((s) => !isTerminal(s));
const intervalOption = (status: CanonicalStatus) => `interval-${status.replaceAll('_', '-')}`;

const HELP = `npm run fleet-sim -- [options]
  --shipments N            shipments booked (default ${DEFAULT_FLEET.shipments})
  --days N                 virtual days measured (default ${DEFAULT_FLEET.days})
  --warmup-days N          bookings start N days before them, so they open on a fleet in flight (default ${DEFAULT_FLEET.warmupDays})
  --booking-days N         bookings go on over the first N days measured (default ${DEFAULT_FLEET.bookingDays})
  --transit-days A-B       days from the first hub scan to the first attempt (default ${range(DEFAULT_FLEET.transitDays)})
  --out-for-delivery-hours A-B  local hours of the out-for-delivery scan (default ${range(DEFAULT_FLEET.outForDeliveryHours)})
  --attempt-after-hours A-B     hours from out for delivery to the attempt (default ${range(DEFAULT_FLEET.attemptAfterHours)})
  --ndr P                  chance an attempt fails, re-attempted next morning (default ${DEFAULT_FLEET.ndr})
  --rto P                  share of shipments returned to origin (default ${DEFAULT_FLEET.rto})
  --utc-offset MINUTES     the fleet's local time (default ${DEFAULT_FLEET.utcOffsetMinutes}, India)
  --seed N                 the fleet's random seed (default ${DEFAULT_FLEET.seed})
  --batch-size N           numbers per request (default ${DELHIVERY_BATCH_SIZE}, Delhivery B2C)
  --cron EXPR              when the adaptive policy's runs happen (default Delhivery B2C's)
  --interval-<status> D    the adaptive interval of a status: 30m, 2h, 90 (minutes); statuses:
                           ${MOVING.map((s) => s.replaceAll('_', '-')).join(', ')}
The fleet's defaults are assumptions (test/bench/fleet/fleet.ts says where they come from): use your own.`;

function range(r: Range): string {
  return `${r.from}-${r.to}`;
}

function parseRange(text: string, option: string): Range {
  const match = /^(\d+(?:\.\d+)?)-(\d+(?:\.\d+)?)$/.exec(text);
  if (!match || Number(match[1]) > Number(match[2])) throw new Error(`--${option}: expected A-B with A ≤ B, got "${text}"`);
  return { from: Number(match[1]), to: Number(match[2]) };
}

function parseNumber(text: string, option: string, check: (n: number) => boolean = (n) => n >= 0): number {
  const n = Number(text);
  if (text.trim() === '' || !Number.isFinite(n) || !check(n)) throw new Error(`--${option}: not a valid value: "${text}"`);
  return n;
}

/** `30m`, `2h`, `1d` or plain minutes, in minutes. */
function parseMinutes(text: string, option: string): number {
  const match = /^(\d+(?:\.\d+)?)([mhd]?)$/.exec(text);
  if (!match || Number(match[1]) <= 0) throw new Error(`--${option}: expected a duration such as 30m or 2h, got "${text}"`);
  return Number(match[1]) * { '': 1, m: 1, h: 60, d: 1440 }[match[2] as '' | 'm' | 'h' | 'd'];
}

function readOptions(argv: string[]) {
  const text = { type: 'string' } as const;
  const { values } = parseArgs({
    args: argv,
    options: {
      help: { type: 'boolean' },
      shipments: text,
      days: text,
      'warmup-days': text,
      'booking-days': text,
      'transit-days': text,
      'out-for-delivery-hours': text,
      'attempt-after-hours': text,
      ndr: text,
      rto: text,
      'utc-offset': text,
      seed: text,
      'batch-size': text,
      cron: text,
      ...Object.fromEntries(MOVING.map((s) => [intervalOption(s), text])),
    },
  });
  const get = (name: string) => values[name as keyof typeof values] as string | undefined;
  const whole = (n: number) => Number.isInteger(n) && n >= 1;
  const probability = (n: number) => n >= 0 && n <= 1;
  const fleet: FleetParams = { ...DEFAULT_FLEET };
  const set = <K extends keyof FleetParams>(key: K, option: string, parse: (text: string, option: string) => FleetParams[K]) => {
    const given = get(option);
    if (given !== undefined) fleet[key] = parse(given, option);
  };
  set('shipments', 'shipments', (t, o) => parseNumber(t, o, whole));
  set('days', 'days', (t, o) => parseNumber(t, o, whole));
  set('warmupDays', 'warmup-days', (t, o) => parseNumber(t, o, Number.isInteger));
  set('bookingDays', 'booking-days', (t, o) => parseNumber(t, o, whole));
  set('transitDays', 'transit-days', parseRange);
  set('outForDeliveryHours', 'out-for-delivery-hours', parseRange);
  set('attemptAfterHours', 'attempt-after-hours', parseRange);
  set('ndr', 'ndr', (t, o) => parseNumber(t, o, probability));
  set('rto', 'rto', (t, o) => parseNumber(t, o, probability));
  set('utcOffsetMinutes', 'utc-offset', (t, o) => parseNumber(t, o, Number.isInteger));
  set('seed', 'seed', (t, o) => parseNumber(t, o, Number.isInteger));
  const intervals = Object.fromEntries(MOVING.flatMap((s) => (get(intervalOption(s)) === undefined ? [] : [[s, parseMinutes(get(intervalOption(s))!, intervalOption(s))]])));
  const batchSize = get('batch-size') === undefined ? DELHIVERY_BATCH_SIZE : parseNumber(get('batch-size')!, 'batch-size', whole);
  return { help: values.help === true, fleet, batchSize, adaptive: adaptivePolicy(intervals, get('cron')) };
}

function table(results: readonly PolicyResult[]): string {
  const keys: DelayKey[] = [...STATUSES_THAT_MATTER, 'overall'];
  const header = ['policy', 'requests', 'checks', 'vs 8 min', ...keys.map((k) => `${k} median / p95`)];
  const every8 = results.find((r) => r.policy === EVERY_8_MINUTES.name)!;
  const minutes = (n: number) => (Number.isNaN(n) ? '–' : `${n.toFixed(1)}m`);
  const rows = results.map((r) => [
    r.policy,
    String(r.requests),
    String(r.checks),
    `${(every8.requests / r.requests).toFixed(1)}× fewer`,
    ...keys.map((k) => `${minutes(r.delays[k].medianMinutes)} / ${minutes(r.delays[k].p95Minutes)} (${r.delays[k].changes})`),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i]!.length)));
  return [header, ...rows].map((row) => row.map((cell, i) => cell.padEnd(widths[i]!)).join('  ')).join('\n');
}

async function main(): Promise<void> {
  const options = readOptions(process.argv.slice(2));
  if (options.help) return void process.stdout.write(`${HELP}\n`);
  const { fleet, batchSize, adaptive } = options;
  process.stdout.write(`${fleet.shipments} shipments, ${fleet.days} virtual days measured after ${fleet.warmupDays} of warm-up, ${batchSize} per request; adaptive: cron ${adaptive.cron}, intervals ${JSON.stringify(adaptive.intervals)} over the core defaults\n`);
  const results = await comparePolicies(fleet, [adaptive, EVERY_8_MINUTES, HOURLY], batchSize);
  process.stdout.write(`${table(results)}\n(delays in virtual minutes from the change at the courier to the store; in brackets the changes counted)\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`fleet-sim: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
