import t from 'tap';
import sandbox from '../../plugins/couriers/sandbox/index.js';
import { startTestApp } from '../helpers/app.js';

const KEY = 'k'.repeat(20);

t.test('GET /v1/stats/statuses counts the shipments per courier, status and active flag', async (t) => {
  const { app } = await startTestApp(t, { couriers: [sandbox] });
  t.same((await app.inject({ method: 'GET', url: '/v1/stats/statuses' })).json(), { items: [] });
  const now = new Date();
  await app.waybill.store.shipments.register(['SBX-1', 'SBX-2', 'SBX-3'].map((trackingNumber) => ({ courier: 'sandbox', trackingNumber })), now);
  await app.inject({ method: 'PUT', url: '/v1/shipments/sandbox/SBX-3/status', payload: { status: 'delivered', updatedBy: 'test' } });
  const { items } = (await app.inject({ method: 'GET', url: '/v1/stats/statuses' })).json();
  t.same(
    [...items].sort((a: { status: string }, b: { status: string }) => a.status.localeCompare(b.status)),
    [
      { courier: 'sandbox', status: 'delivered', active: false, count: 1 },
      { courier: 'sandbox', status: 'info_received', active: true, count: 2 },
    ],
  );
});

t.test('the status page and its assets are served without a key; the data behind them is not', async (t) => {
  const { app } = await startTestApp(t, { couriers: [sandbox], env: { WAYBILL_API_KEYS: KEY } });
  const page = await app.inject({ method: 'GET', url: '/' });
  t.equal(page.statusCode, 200);
  t.match(page.headers['content-type'], /^text\/html/);
  t.match(page.body, /<script src="\/status-page\/app.js"><\/script>/);
  t.notMatch(page.body, /https?:\/\//, 'nothing is loaded from elsewhere');
  const script = await app.inject({ method: 'GET', url: '/status-page/app.js' });
  t.match(script.headers['content-type'], /^text\/javascript/);
  t.match(script.body, /sessionStorage/);
  const uplot = await app.inject({ method: 'GET', url: '/status-page/uplot.js' });
  t.equal(uplot.statusCode, 200);
  t.match(uplot.body, /uPlot/, "uPlot's browser build, from node_modules");
  t.match((await app.inject({ method: 'GET', url: '/status-page/uplot.css' })).headers['content-type'], /^text\/css/);
  t.equal((await app.inject({ method: 'GET', url: '/v1/stats/statuses' })).statusCode, 401);
  const doc = (await app.inject({ method: 'GET', url: '/docs/json' })).json();
  t.notOk(doc.paths['/'], 'the page is not part of the API document');
  t.ok(doc.paths['/v1/stats/statuses'].get);
});
