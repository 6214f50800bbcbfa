import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { courierEnvPrefix } from '../../config/load.js';
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

const REPO = fileURLToPath(new URL('../../', import.meta.url).href.replace(/\/dist\/$/, '/'));

/** Write a new courier plugin that passes the contract kit as generated. Returns the folder. */
export function scaffoldCourier(name: string, parentDir = join(REPO, 'plugins', 'couriers')): string {
  if (!/^[a-z][a-z0-9-]*$/.test(name)) throw new Error(`courier name "${name}" must be lower case letters, digits and hyphens, starting with a letter`);
  const dir = join(parentDir, name);
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
  };
  for (const [file, content] of Object.entries(files)) writeFileSync(join(dir, file), content);
  return dir;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const name = process.argv[2];
  if (!name) {
    process.stderr.write('usage: npm run new-courier -- <name>\n');
    process.exit(2);
  }
  try {
    const dir = scaffoldCourier(name);
    process.stdout.write(`created ${relative(process.cwd(), dir)}; run: npx tap ${relative(process.cwd(), join(dir, `${name}.kit.test.ts`))}\n`);
  } catch (error) {
    process.stderr.write(`new-courier: ${(error as Error).message}\n`);
    process.exit(1);
  }
}
