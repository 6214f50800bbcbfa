import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Gauge, type Registry } from 'prom-client';

/** This package's version, from the nearest package.json above this file (sources and dist/ alike). */
export function packageVersion(): string {
  for (let dir = dirname(fileURLToPath(import.meta.url)); dirname(dir) !== dir; dir = dirname(dir)) {
    try {
      const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { name?: string; version?: string };
      if (pkg.name === 'waybill' && pkg.version) return pkg.version;
    } catch {
      // no package.json here: look one folder up
    }
  }
  return 'unknown';
}

export function registerBuildInfo(registry: Registry): void {
  const info = new Gauge({
    name: 'waybill_build_info',
    help: 'Always 1; the labels say which Waybill and Node.js this process runs',
    labelNames: ['version', 'node_version'],
    registers: [registry],
  });
  info.set({ version: packageVersion(), node_version: process.version }, 1);
}
