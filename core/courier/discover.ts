import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { CourierPlugin } from './plugin.js';

/** `plugins/couriers` beside `core/`, whether running from the sources or from `dist/`. */
export const COURIERS_DIR = fileURLToPath(new URL('../../plugins/couriers/', import.meta.url));

/** Every folder in plugins/couriers with an index module whose default export is a courier plugin. */
export async function discoverCouriers(dir = COURIERS_DIR): Promise<CourierPlugin[]> {
  const plugins: CourierPlugin[] = [];
  for (const name of readdirSync(dir, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name).sort()) {
    const index = ['index.js', 'index.ts'].map((f) => join(dir, name, f)).find((f) => existsSync(f));
    if (!index) continue;
    const mod = (await import(pathToFileURL(index).href)) as { default?: CourierPlugin };
    if (!mod.default?.declaration || !mod.default.plugin) {
      throw new Error(`plugins/couriers/${name}/index must default-export defineCourier(declaration, adapter)`);
    }
    plugins.push(mod.default);
  }
  return plugins;
}
