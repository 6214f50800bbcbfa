import { join, relative } from 'node:path';
import { scaffoldCourier, scaffoldTarget } from '../../scaffold/new-courier.js';
import type { Command } from '../command.js';

export const newCourier: Command = {
  usage: 'new-courier <name>               scaffold a courier plugin (in this repository: plugins/couriers/<name>; elsewhere: a package ./<name>)',
  arity: [1, 1],
  async run([name], ctx) {
    const target = scaffoldTarget(ctx.cwd);
    const dir = relative(ctx.cwd, scaffoldCourier(name!, target)) || '.';
    const next = target.standalone ? `cd ${dir} && npm install && npm test` : `npx tap ${join(dir, `${name!}.kit.test.ts`)}`;
    ctx.write(`created ${dir}; run: ${next}\n`);
  },
};
