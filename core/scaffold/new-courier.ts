import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { courierEnvPrefix } from '../../config/load.js';
import { packageJsonTemplate, tsconfigTemplate, type PackageVersions } from './package-templates.js';
import {
  adapterTemplate,
  declarationTemplate,
  indexTemplate,
  kitTestTemplate,
  readmeTemplate,
  simulatorDataTemplate,
  simulatorTemplate,
  statusesTemplate,
  testingTemplate,
  trackFixtureTemplate,
  type TemplateVars,
} from './templates.js';

/** Waybill's package root, from the sources or from dist/ (in this repository or installed in node_modules). */
const PACKAGE_ROOT = fileURLToPath(new URL('../../', import.meta.url).href.replace(/\/dist\/$/, '/'));

/** Where a new courier goes; a standalone one also gets its own package.json and tsconfig.json. */
export interface ScaffoldTarget {
  parentDir: string;
  standalone: boolean;
}

function nearestPackageDir(from: string): string | null {
  for (let dir = from; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json'))) return dir;
    if (dirname(dir) === dir) return null;
  }
}

/** Inside Waybill's own repository: plugins/couriers/. Anywhere else: a package of its own in `cwd`. */
export function scaffoldTarget(cwd: string): ScaffoldTarget {
  const project = nearestPackageDir(cwd);
  const isWaybillRepo =
    project !== null &&
    existsSync(join(project, 'plugins', 'couriers')) &&
    (JSON.parse(readFileSync(join(project, 'package.json'), 'utf8')) as { name?: string }).name === 'waybill';
  return isWaybillRepo ? { parentDir: join(project, 'plugins', 'couriers'), standalone: false } : { parentDir: cwd, standalone: true };
}

function packageVersions(): PackageVersions {
  const own = JSON.parse(readFileSync(join(PACKAGE_ROOT, 'package.json'), 'utf8')) as { version: string; devDependencies: Record<string, string> };
  const dev = (name: string) => own.devDependencies[name] ?? 'latest';
  return { waybill: own.version, nock: dev('nock'), tap: dev('tap'), typescript: dev('typescript'), typesNode: dev('@types/node') };
}

/** Write a new courier plugin that passes the contract kit as generated. Returns the folder. */
export function scaffoldCourier(name: string, target: ScaffoldTarget): string {
  if (!/^[a-z][a-z0-9-]*$/.test(name)) throw new Error(`courier name "${name}" must be lower case letters, digits and hyphens, starting with a letter`);
  const dir = join(target.parentDir, name);
  if (existsSync(dir)) throw new Error(`${dir} already exists`);
  const camel = name.replace(/-([a-z0-9])/g, (_, c: string) => c.toUpperCase());
  const vars: TemplateVars = {
    name,
    constName: camel,
    className: camel.charAt(0).toUpperCase() + camel.slice(1),
    envPrefix: courierEnvPrefix(name),
  };
  mkdirSync(join(dir, 'fixtures'), { recursive: true });
  const files: Record<string, string> = {
    'declaration.ts': declarationTemplate(vars),
    'statuses.ts': statusesTemplate(),
    'adapter.ts': adapterTemplate(vars),
    'simulator.ts': simulatorTemplate(vars),
    'index.ts': indexTemplate(vars),
    'testing.ts': testingTemplate(vars),
    [`${name}.kit.test.ts`]: kitTestTemplate(vars),
    'simulator-data.json': simulatorDataTemplate(),
    'fixtures/track.json': trackFixtureTemplate(),
    'README.md': readmeTemplate(vars),
    ...(target.standalone ? { 'package.json': packageJsonTemplate(name, vars.className, packageVersions()), 'tsconfig.json': tsconfigTemplate() } : {}),
  };
  for (const [file, content] of Object.entries(files)) writeFileSync(join(dir, file), content);
  return dir;
}
