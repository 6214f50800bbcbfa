#!/usr/bin/env node
import { parseArgs } from 'node:util';
import { apiClient, CliError } from './api-client.js';
import type { Command } from './command.js';
import { couriers } from './commands/couriers.js';
import { newCourier } from './commands/new-courier.js';
import { runs } from './commands/runs.js';
import { track } from './commands/track.js';
import { trigger } from './commands/trigger.js';

const COMMANDS: Record<string, Command> = { track, couriers, runs, trigger, 'new-courier': newCourier };
const DEFAULT_URL = 'http://127.0.0.1:3000';

const usage = () =>
  [
    'usage: waybill <command> [options]',
    '',
    ...Object.values(COMMANDS).map((c) => `  waybill ${c.usage}`),
    '',
    `  --url <url>       the service (WAYBILL_URL; default ${DEFAULT_URL})`,
    '  --api-key <key>   sent as Authorization: Bearer <key> (WAYBILL_API_KEY)',
    '  --json            the API answer as JSON instead of a table',
    '',
  ].join('\n');

async function main(argv: string[]): Promise<void> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        url: { type: 'string' },
        'api-key': { type: 'string' },
        json: { type: 'boolean', default: false },
        refresh: { type: 'boolean', default: false },
        limit: { type: 'string' },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
  } catch (error) {
    throw new CliError(`${(error as Error).message}\n${usage()}`, 2);
  }
  const { values, positionals } = parsed;
  const [name, ...args] = positionals;
  if (values.help || name === undefined) {
    process.stdout.write(usage());
    if (!values.help) process.exitCode = 2;
    return;
  }
  const command = COMMANDS[name];
  if (!command) throw new CliError(`unknown command "${name}"\n${usage()}`, 2);
  const [min, max] = command.arity;
  if (args.length < min || args.length > max) throw new CliError(`usage: waybill ${command.usage}`, 2);
  const limit = values.limit === undefined ? undefined : Number(values.limit);
  if (limit !== undefined && !(Number.isInteger(limit) && limit > 0)) throw new CliError(`--limit must be a positive integer, not "${values.limit}"`, 2);

  await command.run(args, {
    api: apiClient(values.url ?? process.env.WAYBILL_URL ?? DEFAULT_URL, values['api-key'] ?? process.env.WAYBILL_API_KEY),
    json: values.json,
    refresh: values.refresh,
    limit,
    cwd: process.cwd(),
    write: (text) => void process.stdout.write(text),
  });
}

main(process.argv.slice(2)).catch((error: unknown) => {
  process.stderr.write(`waybill: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = error instanceof CliError ? error.exitCode : 1;
});
