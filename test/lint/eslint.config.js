// The import boundaries of ARCHITECTURE.md, checked by `npm run lint` (part of `npm test`).
import tsParser from '@typescript-eslint/parser';

const byPath = (folders, message) => ({ regex: `^(\\.\\./)+(${folders.join('|')})(/|$)`, message });
const dynamicImport = (folders, message) => ({ selector: `ImportExpression[source.value=/^(\\.\\.\\/)+(${folders.join('|')})(\\/|$)/]`, message });

const PLUGIN = 'a plugin imports the framework only from "waybill" and "waybill/testing", never a core or config file by its path';
const CORE = 'core/ never imports a plugin: plugins are found (folders under plugins/, WAYBILL_PLUGINS), not named';
const CONFIG = 'config/ is the bottom layer: it imports neither core/ nor plugins/';

const rules = (folders, message) => ({
  'no-restricted-imports': ['error', { patterns: [byPath(folders, message)] }],
  'no-restricted-syntax': ['error', dynamicImport(folders, message)],
});

export default [
  { ignores: ['**/node_modules/**', 'dist/**', '.cache/**', 'test/.scaffold-tmp/**'] },
  { files: ['**/*.ts'], languageOptions: { parser: tsParser, ecmaVersion: 'latest', sourceType: 'module' }, linterOptions: { reportUnusedDisableDirectives: 'error' } },
  { files: ['plugins/**/*.ts'], rules: rules(['core', 'config'], PLUGIN) },
  { files: ['core/**/*.ts'], rules: rules(['plugins'], CORE) },
  { files: ['config/**/*.ts'], rules: rules(['core', 'plugins'], CONFIG) },
];
