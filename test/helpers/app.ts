export { startTestApp, tempDir, type TestApp, type TestAppOptions } from '../../core/testing/app.js';
