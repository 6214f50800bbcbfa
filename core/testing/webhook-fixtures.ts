import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * One webhook delivery as the courier's documentation (or a capture) shows it, a file in the plugin's
 * `fixtures/webhooks/` folder: `{ "_source": "…", "body": <the JSON body> }`, or `"raw": "<the exact text>"`
 * when the bytes themselves matter. The kit signs or authorizes it as the courier would.
 */
export interface WebhookFixture {
  file: string;
  /** The exact bytes to send. */
  raw: Buffer;
}

export function readWebhookFixture(dir: string | URL, file: string): WebhookFixture {
  const path = typeof dir === 'string' ? dir : fileURLToPath(dir);
  const data = JSON.parse(readFileSync(join(path, file), 'utf8')) as { raw?: unknown; body?: unknown };
  if (typeof data.raw === 'string') return { file, raw: Buffer.from(data.raw) };
  if (data.body === undefined) throw new Error(`fixtures/webhooks/${file}: neither "body" nor "raw" is given (a webhook fixture is { _source, body } or { _source, raw })`);
  return { file, raw: Buffer.from(JSON.stringify(data.body)) };
}

/** Every `*.json` in `dir`, by name. */
export function loadWebhookFixtures(dir: string | URL): WebhookFixture[] {
  const path = typeof dir === 'string' ? dir : fileURLToPath(dir);
  return readdirSync(path)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((file) => readWebhookFixture(path, file));
}
