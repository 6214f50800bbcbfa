import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import t from 'tap';
import { CLI_VARIABLES, loadConfig, SERVICE_VARIABLES } from '../../config/load.js';
import { levenshtein, nearestName } from '../../config/suggest.js';
import { configWarnings } from '../../core/plugins/config-warnings.js';
import slack from '../../plugins/effects/slack/index.js';
import sandbox from '../../plugins/couriers/sandbox/index.js';
import shiprocket from '../../plugins/couriers/shiprocket/index.js';
import { startTestApp, tempDir } from '../helpers/app.js';

t.test('the nearest known name, when it is near enough to be the one meant', async (t) => {
  t.equal(levenshtein('SHIPROCKT', 'SHIPROCKET'), 1);
  t.equal(levenshtein('', 'abc'), 3);
  t.equal(levenshtein('kitten', 'sitting'), 3);
  t.equal(nearestName('WAYBILL_LOGLEVEL', ['WAYBILL_LOG_LEVEL', 'WAYBILL_STORE']), 'WAYBILL_LOG_LEVEL');
  t.equal(nearestName('WAYBILL_COLOUR', ['WAYBILL_LOG_LEVEL', 'WAYBILL_STORE']), undefined, 'nothing near: no guess');
});

t.test('every variable the service or the CLI reads is a known one, so none of them is ever reported as unknown', async (t) => {
  const sources = ['../../config/load.ts', '../../core/cli/main.ts'].map((path) => readFileSync(new URL(path, import.meta.url), 'utf8'));
  const read = new Set(sources.flatMap((source) => [...source.matchAll(/env\.(WAYBILL_[A-Z_]+)/g)].map((m) => m[1]!)));
  t.ok(read.size >= 12, `${read.size} variables read`);
  for (const variable of read) t.ok(SERVICE_VARIABLES.includes(variable) || CLI_VARIABLES.includes(variable), `${variable} is known`);
  t.same(loadConfig({ WAYBILL_URL: 'http://127.0.0.1:3000', WAYBILL_API_KEY: 'k'.repeat(16) }).unrecognized.variables, [], "the CLI's variables are not reported");
});

t.test('a configuration naming what nothing reads is reported at start with the nearest known name', async (t) => {
  const file = join(tempDir(t), 'waybill.json');
  writeFileSync(file, JSON.stringify({ logLevl: 'debug', couriers: { shiprockt: { batch_size: 10 } }, effects: { slak: { token: 'x' } } }));
  const env = {
    WAYBILL_CONFIG: file,
    WAYBILL_LOGLEVEL: 'debug',
    WAYBILL_COURIER_SHIPROCKT_EMAIL: 'ops@example.com',
    WAYBILL_COURIER_SHIPROCKET_EMIAL: 'ops@example.com',
    WAYBILL_EFFECT_SLAKC_TOKEN: 'xoxb-1',
    WAYBILL_EFFECT_SLACK_CHANEL: '#ops',
    WAYBILL_COURIER_SANDBOX_BATCH_SIZE: '5',
  };
  const warnings = configWarnings(loadConfig(env), [sandbox, shiprocket], [slack]);
  t.same(warnings, [
    'WAYBILL_LOGLEVEL is not a Waybill variable; ignored (did you mean WAYBILL_LOG_LEVEL?)',
    'WAYBILL_COURIER_SHIPROCKT_EMAIL names no courier plugin; ignored (did you mean WAYBILL_COURIER_SHIPROCKET_EMAIL?)',
    'WAYBILL_EFFECT_SLAKC_TOKEN names no effect plugin; ignored (did you mean WAYBILL_EFFECT_SLACK_TOKEN?)',
    'config file key logLevl is not a setting; ignored (did you mean logLevel?)',
    'config file key couriers.shiprockt names no courier plugin; ignored (did you mean shiprocket?)',
    'config file key effects.slak names no effect plugin; ignored (did you mean slack?)',
  ]);
  t.same(configWarnings(loadConfig({ WAYBILL_COURIER_SANDBOX_BATCH_SIZE: '5', WAYBILL_STORE: 'sqlite::memory:', WAYBILL_DOCS: 'off' }), [sandbox], []), [], 'a clean configuration: no warning');

  const { logs } = await startTestApp(t, { couriers: [sandbox, shiprocket], effects: [slack], env });
  const warned = logs.map((line) => JSON.parse(line) as { level: number; msg: string }).filter((l) => l.level === 40).map((l) => l.msg);
  for (const warning of warnings) t.ok(warned.includes(warning), `logged at start: ${warning}`);
  t.ok(
    warned.includes('WAYBILL_COURIER_SHIPROCKET_EMIAL is not an option of courier shiprocket; ignored (did you mean WAYBILL_COURIER_SHIPROCKET_EMAIL?)'),
    "a known courier's unknown option names its nearest option",
  );
  t.ok(warned.includes('WAYBILL_EFFECT_SLACK_CHANEL is not an option of effect slack; ignored (did you mean WAYBILL_EFFECT_SLACK_CHANNEL?)'), "so does a known effect's");
});
