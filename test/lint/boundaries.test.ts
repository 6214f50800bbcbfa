import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';
import t from 'tap';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const eslint = new ESLint({ cwd: ROOT, overrideConfigFile: fileURLToPath(new URL('./eslint.config.js', import.meta.url)) });

/** The boundary errors `npm run lint` reports for `code` written at `path`. */
async function violations(path: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: `${ROOT}${path}` });
  return result!.messages.map((m) => `${m.ruleId}: ${m.message}`);
}

t.test('a plugin that imports a core or config file by path fails the lint, statically or dynamically', async (t) => {
  t.match(await violations('plugins/couriers/acme/adapter.ts', "import { BadResponse } from '../../../core/errors.js';\n"), [/no-restricted-imports: .*only from "waybill"/]);
  t.match(await violations('plugins/couriers/acme/adapter.ts', "import type { Clock } from '../../../core/clock.js';\n"), [/no-restricted-imports/], 'type imports too');
  t.match(await violations('plugins/effects/acme/env.ts', "export { parseBoolean } from '../../../config/parse.js';\n"), [/no-restricted-imports/], 're-exports too');
  t.match(await violations('plugins/shared/acme.ts', "export const load = () => import('../../core/app.js');\n"), [/no-restricted-syntax: .*only from "waybill"/], 'dynamic imports too');
  t.same(await violations('plugins/couriers/acme/adapter.ts', "import { BadResponse } from 'waybill';\nimport { IST } from '../../shared/ist.js';\nexport { BadResponse, IST };\n"), [], 'the public API, and plugin-family code, are fine');
});

t.test('core and config never import a plugin; config never imports core', async (t) => {
  t.match(await violations('core/engine/x.ts', "import sandbox from '../../plugins/couriers/sandbox/index.js';\n"), [/core\/ never imports a plugin/]);
  t.match(await violations('core/x.ts', "export const p = () => import('../plugins/effects/orders-mongo/index.js');\n"), [/no-restricted-syntax: core\/ never imports a plugin/]);
  t.match(await violations('config/x.ts', "import { ConfigError } from '../core/errors.js';\n"), [/config\/ is the bottom layer/]);
  t.same(await violations('core/x.ts', "import { ConfigError } from '../config/errors.js';\nexport { ConfigError };\n"), [], 'core may use config');
});
