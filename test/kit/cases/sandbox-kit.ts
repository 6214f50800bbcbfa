import t from 'tap';
import type { CourierAdapter } from '../../../core/courier/adapter.js';
import { defineCourier } from '../../../core/courier/plugin.js';
import { runCourierContract } from '../../../core/testing/kit.js';
import { sandboxDeclaration } from '../../../plugins/couriers/sandbox/declaration.js';
import { sandboxContract } from '../../../plugins/couriers/sandbox/testing.js';

/** The contract kit run on the sandbox courier with another adapter: what a broken plugin would look like. */
export function runKitOn(adapter: CourierAdapter): void {
  runCourierContract(t, sandboxContract(defineCourier(sandboxDeclaration, adapter)));
}
