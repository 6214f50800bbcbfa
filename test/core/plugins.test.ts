import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import t from 'tap';
import Type from 'typebox';
import { defineEffect, type EffectSetup } from '../../core/effects/plugin.js';
import { discoverPlugins } from '../../core/plugins/discover.js';
import { effectOptions } from '../../core/testing/effects.js';
import { startTestApp, tempDir } from '../helpers/app.js';

t.test('every plugin folder is found: couriers and effects, each by its declared name', async (t) => {
  const { couriers, effects } = await discoverPlugins();
  t.same(couriers.map((c) => c.declaration.name), ['bluedart', 'delhivery-b2b', 'delhivery-b2c', 'delhivery-fallback', 'doordash', 'easyparcel', 'fedex', 'sandbox', 'shiprocket', 'uber-direct', 'usps', 'velocity']);
  t.same(effects.map((e) => e.declaration.name), ['email', 'kafka', 'orders-mongo', 's3-logs', 'slack', 'webhook']);
});

t.test('a folder or package that is not a plugin of its kind, a missing package, or a name used twice stops the start', async (t) => {
  const root = tempDir(t);
  const write = (path: string, code: string) => {
    mkdirSync(join(root, path, '..'), { recursive: true });
    writeFileSync(join(root, path), code);
  };
  write('package.json', JSON.stringify({ type: 'module' }));
  const rootUrl = pathToFileURL(`${root}/`);
  const effect = "export default { kind: 'effect', declaration: { name: 'x' }, plugin: async () => {} };\n";
  write('a/couriers/misplaced/index.js', effect);
  await t.rejects(discoverPlugins({ root: new URL('a/', rootUrl) }), /plugins\/couriers\/misplaced\/index exports a effect plugin; courier plugins live in plugins\/couriers\//);
  write('b/effects/nothing/index.js', 'export default 42;\n');
  await t.rejects(discoverPlugins({ root: new URL('b/', rootUrl) }), /plugins\/effects\/nothing\/index must default-export defineCourier\(…\) or defineEffect\(…\)/);
  write('c/effects/x/index.js', effect);
  write('c/twin.js', effect);
  await t.rejects(discoverPlugins({ root: new URL('c/', rootUrl), packages: ['./twin.js'], cwd: join(root, 'c') }), /two effect plugins are named "x"/);
  t.match(await discoverPlugins({ root: new URL('c/', rootUrl), packages: [], cwd: root }), { effects: [{ declaration: { name: 'x' } }] });
  await t.rejects(discoverPlugins({ root: new URL('c/', rootUrl), packages: ['waybill-courier-nowhere'], cwd: root }), /WAYBILL_PLUGINS: cannot find the plugin package "waybill-courier-nowhere" from .* \(install it there\)/);
});

const demo = (setup: (s: EffectSetup<{ url: string; retries: number; channels: string[]; verbose: boolean; routes: Record<string, string> }>) => Promise<void> = async () => undefined) =>
  defineEffect(
    {
      name: 'demo-hook',
      displayName: 'Demo',
      options: Type.Object({
        url: Type.String({ pattern: '^https?://' }),
        retries: Type.Integer({ minimum: 0, default: 3 }),
        channels: Type.Array(Type.String(), { default: [] }),
        verbose: Type.Boolean({ default: false }),
        routes: Type.Record(Type.String(), Type.String(), { default: {} }),
      }),
      requires: ['url'],
    },
    setup,
  );

t.test('effect options come from WAYBILL_EFFECT_<NAME>_<OPTION> over the config file, typed by the declared schema', async (t) => {
  t.same(effectOptions(demo(), {}), { enabled: false, reason: 'not configured: set WAYBILL_EFFECT_DEMO_HOOK_URL', unknownOptions: [] });
  const on = effectOptions(demo(), {
    WAYBILL_EFFECT_DEMO_HOOK_URL: 'https://hooks.example/in',
    WAYBILL_EFFECT_DEMO_HOOK_RETRIES: '5',
    WAYBILL_EFFECT_DEMO_HOOK_CHANNELS: 'ops, alerts',
    WAYBILL_EFFECT_DEMO_HOOK_VERBOSE: 'yes',
    WAYBILL_EFFECT_DEMO_HOOK_ROUTES: '{"lost":"#ops"}',
    WAYBILL_EFFECT_DEMO_HOOK_COLOUR: 'blue',
  });
  t.match(on, { enabled: true, options: { url: 'https://hooks.example/in', retries: 5, channels: ['ops', 'alerts'], verbose: true, routes: { lost: '#ops' } }, unknownOptions: ['WAYBILL_EFFECT_DEMO_HOOK_COLOUR'] });
  const fromFile = effectOptions(demo(), { WAYBILL_EFFECT_DEMO_HOOK_RETRIES: '1' }, { url: 'https://file.example', retries: 9, channels: ['a'] });
  t.match(fromFile, { enabled: true, options: { url: 'https://file.example', retries: 1, channels: ['a'], verbose: false } }, 'the file is used, a variable wins');
  t.match(effectOptions(demo(), { WAYBILL_EFFECT_DEMO_HOOK_URL: 'https://x.example', WAYBILL_EFFECT_DEMO_HOOK_ENABLED: 'false' }), { enabled: false, reason: 'disabled by configuration' });

  const fails = (env: Record<string, string>, file: Record<string, unknown> = {}) => () => effectOptions(demo(), { WAYBILL_EFFECT_DEMO_HOOK_URL: 'https://x.example', ...env }, file);
  t.throws(fails({ WAYBILL_EFFECT_DEMO_HOOK_RETRIES: 'many' }), /^WAYBILL_EFFECT_DEMO_HOOK_RETRIES: expected a number, got "many"$/);
  t.throws(fails({ WAYBILL_EFFECT_DEMO_HOOK_RETRIES: '1.5' }), /WAYBILL_EFFECT_DEMO_HOOK_RETRIES \(retries\) must be integer/);
  t.throws(fails({ WAYBILL_EFFECT_DEMO_HOOK_VERBOSE: 'maybe' }), /^WAYBILL_EFFECT_DEMO_HOOK_VERBOSE: expected true or false/);
  t.throws(fails({ WAYBILL_EFFECT_DEMO_HOOK_ROUTES: 'lost=#ops' }), /^WAYBILL_EFFECT_DEMO_HOOK_ROUTES: not valid JSON/);
  t.throws(fails({ WAYBILL_EFFECT_DEMO_HOOK_URL: 'ftp://x' }), /WAYBILL_EFFECT_DEMO_HOOK_URL \(url\) must match pattern/);
  t.throws(fails({}, { retries: -1 }), /config file effects\.demo-hook\.retries \(retries\) must be >= 0/);
  t.throws(() => defineEffect({ name: 'Demo Hook', displayName: 'x', options: Type.Object({}), requires: [] }, async () => undefined), /effect plugin "Demo Hook": its name must be lower case/);
});

t.test('an effect plugin is set up in the app with its options only when configured', async (t) => {
  const seen: { url: string; schedule: boolean }[] = [];
  const plugin = demo(async ({ app, options, schedule }) => {
    seen.push({ url: options.url, schedule });
    app.waybill.effects.register({ name: 'demo-hook', deliver: async () => undefined });
  });
  const off = await startTestApp(t, { couriers: [], effects: [plugin] });
  t.same(seen, [], 'not set up without its URL');
  t.ok(off.logs.some((l) => l.includes('effect demo-hook off: not configured: set WAYBILL_EFFECT_DEMO_HOOK_URL')), 'one log line says what turns it on');
  const on = await startTestApp(t, { couriers: [], effects: [plugin], env: { WAYBILL_EFFECT_DEMO_HOOK_URL: 'https://hooks.example/in' } });
  t.same(seen, [{ url: 'https://hooks.example/in', schedule: false }], 'set up once, told that background work is off in this app');
  t.same(on.app.waybill.effects.names(), ['demo-hook']);
  await t.rejects(startTestApp(t, { couriers: [], effects: [plugin], env: { WAYBILL_EFFECT_DEMO_HOOK_URL: 'nope' } }), /WAYBILL_EFFECT_DEMO_HOOK_URL \(url\) must match pattern/, 'a bad value stops the start');
});
