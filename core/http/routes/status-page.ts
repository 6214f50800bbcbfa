import { createReadStream } from 'node:fs';
import { createRequire } from 'node:module';
import type { FastifyPluginAsync } from 'fastify';
import { STATUS_PAGE_HTML } from '../status-page/page.js';
import { STATUS_PAGE_SCRIPT } from '../status-page/script.js';

const resolve = createRequire(import.meta.url).resolve;

/** uPlot's browser build and stylesheet, streamed from node_modules: the page needs no CDN and no build step. */
const VENDOR_FILES = {
  '/status-page/uplot.js': { path: resolve('uplot/dist/uPlot.iife.min.js'), type: 'text/javascript; charset=utf-8' },
  '/status-page/uplot.css': { path: resolve('uplot/dist/uPlot.min.css'), type: 'text/css; charset=utf-8' },
};

/**
 * The status page at `/`: static HTML and script, served without an API key since they hold no data; the
 * script reads the API with the key the user pastes in. Not part of the API document.
 */
export const statusPageRoutes: FastifyPluginAsync = async (app) => {
  const asset = { config: { public: true }, schema: { hide: true } };

  app.get('/', asset, async (_request, reply) => reply.type('text/html; charset=utf-8').send(STATUS_PAGE_HTML));
  app.get('/status-page/app.js', asset, async (_request, reply) => reply.type('text/javascript; charset=utf-8').send(STATUS_PAGE_SCRIPT));
  for (const [url, file] of Object.entries(VENDOR_FILES)) {
    app.get(url, asset, async (_request, reply) => reply.type(file.type).header('cache-control', 'public, max-age=86400').send(createReadStream(file.path)));
  }
};
