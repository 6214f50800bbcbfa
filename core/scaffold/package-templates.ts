/** The files that make a courier scaffolded outside Waybill's repository a package of its own. */

/** What the generated package.json pins: Waybill's own version, and the tools Waybill itself is tested with. */
export interface PackageVersions {
  waybill: string;
  nock: string;
  tap: string;
  typescript: string;
  typesNode: string;
}

export const packageJsonTemplate = (name: string, displayName: string, versions: PackageVersions) =>
  `${JSON.stringify(
    {
      name: `waybill-courier-${name}`,
      version: '0.1.0',
      description: `${displayName} courier plugin for Waybill`,
      type: 'module',
      exports: { '.': { types: './dist/index.d.ts', import: './dist/index.js' } },
      files: ['dist'],
      scripts: { build: 'tsc -p tsconfig.json', prepare: 'npm run build', test: 'tap' },
      peerDependencies: { waybill: `^${versions.waybill}` },
      devDependencies: {
        '@types/node': versions.typesNode,
        nock: versions.nock,
        tap: versions.tap,
        typescript: versions.typescript,
        waybill: `^${versions.waybill}`,
      },
    },
    null,
    2,
  )}\n`;

export const tsconfigTemplate = () =>
  `${JSON.stringify(
    {
      compilerOptions: {
        target: 'ES2022',
        module: 'NodeNext',
        moduleResolution: 'NodeNext',
        strict: true,
        noUncheckedIndexedAccess: true,
        noUnusedLocals: true,
        declaration: true,
        skipLibCheck: true,
        types: ['node'],
        outDir: 'dist',
        rootDir: '.',
      },
      include: ['*.ts'],
      exclude: ['*.test.ts'],
    },
    null,
    2,
  )}\n`;
