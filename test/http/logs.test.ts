import t from 'tap';
import { loadConfig } from '../../config/load.js';
import { loggerOptions, REDACTED_PATHS } from '../../core/app.js';
import { prettyTransport } from '../../core/log-format.js';
import { startSandboxApp } from '../helpers/sandbox.js';

const PINO_DEBUG = 20;
const PINO_INFO = 30;

t.test('scrapes and probes are logged at debug, API requests at info', async (t) => {
  const { app, logs } = await startSandboxApp(t);
  for (const url of ['/metrics', '/health', '/health/live', '/health/ready', '/v1/couriers']) await app.inject({ url });
  const entries = logs.map((line) => JSON.parse(line) as { level: number; reqId?: string; req?: { url: string } });
  const urlOf = new Map(entries.filter((e) => e.reqId && e.req).map((e) => [e.reqId!, e.req!.url]));
  const levels = new Map<string, Set<number>>();
  for (const { reqId, level } of entries) {
    const url = reqId ? urlOf.get(reqId) : undefined;
    if (url) levels.set(url, (levels.get(url) ?? new Set()).add(level));
  }
  for (const url of ['/metrics', '/health', '/health/live', '/health/ready']) t.same([...(levels.get(url) ?? [])], [PINO_DEBUG], `${url}: request and response at debug`);
  const api = entries.filter((e) => e.reqId && urlOf.get(e.reqId) === '/v1/couriers');
  t.same(
    api.map((e) => [e.level, (e as { msg?: string }).msg]),
    [
      [PINO_DEBUG, 'incoming request'],
      [PINO_INFO, 'request completed'],
    ],
    'an API request: one line at info, its arrival at debug',
  );
  t.match(api.at(-1), { req: { method: 'GET', url: '/v1/couriers' }, res: { statusCode: 200 }, responseTime: Number }, 'the one info line says what was asked and answered');
});

t.test('pino-pretty when stdout is a terminal and no format is set; JSON otherwise, or when asked', async (t) => {
  t.match(prettyTransport('auto', true), { target: 'pino-pretty' }, 'a terminal gets pretty lines');
  t.equal(prettyTransport('auto', false), undefined, 'a pipe or file gets JSON lines');
  t.equal(prettyTransport('json', true), undefined, 'json wins over a terminal');
  t.match(prettyTransport('pretty', false), { target: 'pino-pretty' }, 'pretty when asked, even into a pipe');
  t.equal(loadConfig({}).logFormat, 'auto');
  t.equal(loadConfig({ WAYBILL_LOG_FORMAT: 'json' }).logFormat, 'json');
  t.throws(() => loadConfig({ WAYBILL_LOG_FORMAT: 'fancy' }), /WAYBILL_LOG_FORMAT/);
  const pretty = loggerOptions('info', 'pretty');
  t.same(pretty.redact, { paths: REDACTED_PATHS, censor: '[redacted]' }, 'pretty lines keep the redaction');
  t.match(pretty, { transport: { target: 'pino-pretty' } });
  t.ok(import.meta.resolve('pino-pretty'), 'pino-pretty is installed');
});
