import type { Test } from 'tap';
import type { RawEvent, TrackResult } from '../courier/adapter.js';
import { StatusMapper } from '../courier/status-mapper.js';
import { FixtureServer, fixtureNumbers, loadFixtures, type Fixture } from './fixtures.js';
import type { CourierSimulator } from './harness.js';
import type { KitContext } from './kit-context.js';
import type { DocumentedStatus } from './kit-options.js';

export const statusLabel = (s: DocumentedStatus) => (typeof s === 'string' ? s : s.type ? `${s.type}-${s.status}` : s.status);

/** Current raw statuses in adapter results that the table has no row for. */
export function unmappedIn(mapper: StatusMapper, results: readonly TrackResult[]): string[] {
  const missing = new Set<string>();
  for (const r of results) if (r.found && !mapper.covers(r.status, r.statusType)) missing.add(statusLabel(r));
  return [...missing];
}

/** Scan statuses in adapter results that the table has no row for (the engine maps each event too). */
export function unmappedScansIn(mapper: StatusMapper, results: readonly TrackResult[], freeText: (event: RawEvent) => boolean = () => false): string[] {
  const missing = new Set<string>();
  for (const r of results) if (r.found) for (const e of r.events) if (!freeText(e) && !mapper.covers(e.status, e.statusType)) missing.add(statusLabel(e));
  return [...missing];
}

export function statusChecks<S extends CourierSimulator>(t: Test, kit: KitContext<S>): void {
  const { o } = kit;
  const { declaration } = o.plugin;

  t.test('every documented raw status maps to a canonical status or is explicitly no change', async (t) => {
    const mapper = new StatusMapper(declaration.name, declaration.statuses);
    const missing = o.documentedStatuses.filter((s) => (typeof s === 'string' ? !mapper.covers(s) : !mapper.covers(s.status, s.type))).map(statusLabel);
    t.same(missing, [], missing.length ? `unmapped documented statuses: ${missing.join(', ')}` : 'all documented statuses have a row');
  });

  if (o.fixtures === undefined) return;
  const fixtures = o.fixtures;
  t.test('fixtures: the plugin asks exactly the recorded request, and every status in the answer has a row', async (t) => {
    const all = loadFixtures(fixtures);
    const tracking = all.filter((f) => o.isTrackRequest(asRequest(f)));
    t.ok(tracking.length > 0, `the fixtures hold at least one tracking exchange (${all.length} files)`);
    const basePath = new URL(declaration.endpoints.baseUrl).pathname;
    const server = await FixtureServer.start(all.filter((f) => !o.isTrackRequest(asRequest(f))), o.isTrackRequest, o.trackingNumbersOf, basePath);
    const h = await kit.startWith(t, async () => server);
    const mapper = new StatusMapper(declaration.name, declaration.statuses);
    for (const fixture of tracking) {
      server.serve(fixture);
      const numbers = fixtureNumbers(fixture, o.trackingNumbersOf);
      const outcome = await kit.track(h, numbers).then(
        (results) => ({ results, error: null }),
        (error: unknown) => ({ results: [] as TrackResult[], error }),
      );
      t.same(server.unexpected, [], `fixtures/${fixture.file}: the plugin sent the recorded request${server.unexpected.length ? `, not ${server.unexpected.join('; ')}` : ''}`);
      if (fixture.response.status >= 200 && fixture.response.status < 300) {
        t.equal(outcome.error, null, `fixtures/${fixture.file}: answered without error${outcome.error ? ` (${String(outcome.error)})` : ''}`);
        const missing = unmappedIn(mapper, outcome.results);
        t.same(missing, [], `fixtures/${fixture.file}: ${missing.length ? `statuses without a row: ${missing.join(', ')}` : 'every status has a row'}`);
        const scans = unmappedScansIn(mapper, outcome.results, o.freeTextScan);
        t.same(scans, [], `fixtures/${fixture.file}: ${scans.length ? `scans without a row: ${scans.join(', ')}` : 'every scan has a row'}`);
      }
    }
  });
}

/** A fixture's request as the simulator would record it (it never arrived anywhere, so no arrival time). */
const asRequest = (f: Fixture) => ({ method: f.request.method, path: f.request.path, query: f.request.query ?? {}, headers: {}, body: f.request.body, receivedAt: Number.NaN });
