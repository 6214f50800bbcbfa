/** `waybill/testing`: the contract kit and what courier and effect tests are built from. */
export { ManualClock } from '../clock.js';
export { capturingLogger, startTestApp, tempDir, type TestApp, type TestAppOptions } from './app.js';
export { startCourierHarness, type CourierSimulator, type Harness, type HarnessOptions } from './harness.js';
export { runCourierContract } from './kit.js';
export type { CourierContractOptions, DocumentedStatus, PushContractOptions } from './kit-options.js';
export { loadWebhookFixtures, readWebhookFixture, type WebhookFixture } from './webhook-fixtures.js';
export { SimServer, type Fault, type SimExchange, type SimRequest, type SimResponse } from './sim-server.js';
export { FixtureServer, loadFixtures, readFixture, replayFixture, type Fixture } from './fixtures.js';
export { effectOptions } from './effects.js';
