import { nock } from './nock.js';
import type { Test } from 'tap';
import type { CourierSimulator } from './harness.js';
import type { KitContext } from './kit-context.js';
import { recordConnections } from './outbound.js';

/** The values a request carried as credentials: the configured ones and any token a login handed out. */
function secretsSeen(credentials: Record<string, string>, authorizations: readonly (string | undefined)[]): string[] {
  const tokens = authorizations.flatMap((value) => (value ? [value.replace(/^\S+\s+(?=\S)/, '')] : []));
  return [...new Set([...Object.values(credentials), ...tokens])].filter((s) => s.length >= 6);
}

export function boundaryChecks<S extends CourierSimulator>(t: Test, kit: KitContext<S>): void {
  const { o } = kit;
  const name = o.plugin.declaration.name;

  t.test('only the configured base URL is called, and no secret appears in logs, errors or API answers', async (t) => {
    // nock blocks http and fetch calls to any other host (and names them); undici and raw sockets, which
    // nock does not see, are caught where every client connects.
    const blocked: string[] = [];
    // nock names the host on `options` for http requests and on the request itself for fetch.
    const onBlocked = (req: { options?: { host?: string }; host?: string }) => blocked.push(req.options?.host ?? req.host ?? 'an unknown host');
    nock.disableNetConnect();
    nock.enableNetConnect(/^127\.0\.0\.1(:\d+)?$/);
    nock.emitter.on('no match', onBlocked);
    const connections = recordConnections();
    t.teardown(() => {
      connections.stop();
      nock.emitter.removeListener('no match', onBlocked);
      nock.enableNetConnect();
    });

    const h = await kit.start(t);
    const numbers = await o.known(h.sim, 2);
    await kit.register(h, numbers);
    await h.run();
    const credentials = Object.values(o.credentials ?? {});
    const echo = `bad request for ${[...credentials, ...h.sim.server.requests.map((r) => r.headers.authorization ?? '')].join(' ')}`;
    h.sim.server.injectFault({ kind: 'status', status: 400, body: JSON.stringify({ error: echo }) }, { match: o.isTrackRequest });
    const [refused] = await o.known(h.sim, 1);
    await kit.register(h, [refused!]);
    const run = await h.run();
    const views = await Promise.all([...numbers, refused!].map((tn) => h.app.inject({ method: 'GET', url: `/v1/shipments/${name}/${tn}` })));
    connections.stop();

    const sim = new URL(h.sim.url).host;
    const elsewhere = [...new Set([...blocked, ...connections.targets])].filter((target) => target !== sim);
    t.ok(connections.targets.length > 0, 'the connections to the simulator were seen');
    t.same(elsewhere, [], elsewhere.length ? `connections to hosts other than the base URL: ${elsewhere.join(', ')}` : `only ${sim} was called`);

    const secrets = secretsSeen(o.credentials ?? {}, h.sim.server.requests.map((r) => r.headers.authorization));
    const everything = [h.logs.join('\n'), JSON.stringify(run), ...views.map((v) => v.body)].join('\n');
    const leaked = secrets.filter((s) => everything.includes(s));
    t.equal(leaked.length, 0, leaked.length ? `${leaked.length} credential or token value(s) appear in logs, run errors or API responses` : 'no secret leaked');
  });
}
