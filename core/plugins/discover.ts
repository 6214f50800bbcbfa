import { existsSync, readdirSync } from 'node:fs';
import { isAbsolute, join, resolve as resolvePath } from 'node:path';
import { pathToFileURL } from 'node:url';
import { resolve } from 'import-meta-resolve';
import { ConfigError } from '../../config/errors.js';
import type { CourierPlugin } from '../courier/plugin.js';
import type { EffectPlugin } from '../effects/plugin.js';

export type WaybillPlugin = CourierPlugin | EffectPlugin;

export interface Plugins {
  couriers: CourierPlugin[];
  effects: EffectPlugin[];
}

/** `plugins/` beside `core/`, whether running from the sources or from `dist/`. */
export const PLUGINS_DIR = new URL('../../plugins/', import.meta.url);

const KIND_FOLDERS = { courier: 'couriers', effect: 'effects' } as const;

function isPlugin(value: unknown): value is WaybillPlugin {
  const p = value as Partial<WaybillPlugin> | null;
  return (p?.kind === 'courier' || p?.kind === 'effect') && typeof p.plugin === 'function' && typeof p.declaration?.name === 'string';
}

async function defaultExport(url: string, what: string): Promise<WaybillPlugin> {
  const mod = (await import(url)) as { default?: unknown };
  if (!isPlugin(mod.default)) throw new ConfigError(`${what} must default-export defineCourier(…) or defineEffect(…)`);
  return mod.default;
}

/** Every folder of `plugins/couriers` and `plugins/effects` with an index module (compiled or not). */
async function fromFolders(root: URL): Promise<WaybillPlugin[]> {
  const found: WaybillPlugin[] = [];
  for (const [kind, folder] of Object.entries(KIND_FOLDERS)) {
    const dir = new URL(`${folder}/`, root);
    if (!existsSync(dir)) continue;
    for (const name of readdirSync(dir, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name).sort()) {
      const index = ['index.js', 'index.ts'].map((f) => new URL(`${name}/${f}`, dir)).find((f) => existsSync(f));
      if (!index) continue;
      const plugin = await defaultExport(index.href, `plugins/${folder}/${name}/index`);
      if (plugin.kind !== kind) throw new ConfigError(`plugins/${folder}/${name}/index exports a ${plugin.kind} plugin; ${kind} plugins live in plugins/${folder}/`);
      found.push(plugin);
    }
  }
  return found;
}

/**
 * A package named in WAYBILL_PLUGINS: resolved as an import from the working directory (where the operator
 * installed it), else from Waybill's own location; a relative or absolute path is taken from the working directory.
 */
function locate(specifier: string, cwd: string): string {
  if (specifier.startsWith('.') || isAbsolute(specifier)) return pathToFileURL(resolvePath(cwd, specifier)).href;
  const errors: string[] = [];
  for (const parent of [pathToFileURL(join(cwd, 'package.json')).href, import.meta.url]) {
    try {
      return resolve(specifier, parent);
    } catch (error) {
      errors.push((error as Error).message);
    }
  }
  throw new ConfigError(`WAYBILL_PLUGINS: cannot find the plugin package "${specifier}" from ${cwd} (install it there): ${errors[0]}`);
}

/**
 * The plugins the service runs: those in Waybill's `plugins/` folders, then the packages named in
 * configuration. Two plugins of one kind with one name stop the start.
 */
export async function discoverPlugins(options: { packages?: readonly string[]; cwd?: string; root?: URL } = {}): Promise<Plugins> {
  const cwd = options.cwd ?? process.cwd();
  const all = await fromFolders(options.root ?? PLUGINS_DIR);
  for (const specifier of options.packages ?? []) all.push(await defaultExport(locate(specifier, cwd), `WAYBILL_PLUGINS: package "${specifier}"`));
  const seen = new Set<string>();
  for (const plugin of all) {
    const key = `${plugin.kind} ${plugin.declaration.name}`;
    if (seen.has(key)) throw new ConfigError(`two ${plugin.kind} plugins are named "${plugin.declaration.name}" (a folder under plugins/ and a package, or two packages)`);
    seen.add(key);
  }
  return {
    couriers: all.filter((p): p is CourierPlugin => p.kind === 'courier'),
    effects: all.filter((p): p is EffectPlugin => p.kind === 'effect'),
  };
}
