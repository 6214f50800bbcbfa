import t from 'tap';
import type { CourierAdapter } from '../../../core/courier/adapter.js';
import { defineCourier } from '../../../core/courier/plugin.js';
import { runCourierContract } from '../../../core/testing/kit.js';
import { sandboxAdapter } from '../../../plugins/couriers/sandbox/adapter.js';
import { sandboxDeclaration } from '../../../plugins/couriers/sandbox/declaration.js';
import { sandboxContract } from '../../../plugins/couriers/sandbox/testing.js';

/** The contract kit run on the sandbox courier with parts of its adapter replaced: what a broken plugin would look like. */
export function runKitOn(replaced: Partial<CourierAdapter>): void {
  runCourierContract(t, sandboxContract(defineCourier(sandboxDeclaration, { ...sandboxAdapter, ...replaced })));
}
