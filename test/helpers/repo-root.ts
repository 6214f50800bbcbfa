import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The directory holding package.json, walking up from this file (so it works from the sources and from dist/). */
export function repoRoot(): string {
  const here = path.dirname(fileURLToPath(import.meta.url));
  for (let dir = here; ; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, 'package.json'))) return dir;
    // Not found: the source layout, test/helpers/.
    if (path.dirname(dir) === dir) return path.resolve(here, '..', '..');
  }
}
