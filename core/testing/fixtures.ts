import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { SimServer, type SimRequest } from './sim-server.js';

/**
 * One recorded or authored exchange with the courier, as a file in the plugin's `fixtures/` folder:
 * `{ "_source": "…", "request": { method, path, query?, body? }, "response": { status, headers?, body } }`.
 */
export interface Fixture {
  file: string;
  request: { method: string; path: string; query?: Record<string, string>; body?: unknown };
  response: { status: number; headers?: Record<string, string>; body: unknown };
}

/** Every `*.json` in `dir`, validated; a file that is not an exchange fails with its name and the field. */
export function loadFixtures(dir: string | URL): Fixture[] {
  const path = typeof dir === 'string' ? dir : fileURLToPath(dir);
  return readdirSync(path)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((file) => readFixture(path, file));
}

/** One fixture file, e.g. `readFixture(new URL('./fixtures/', import.meta.url), 'track-rto.json')`. */
export function readFixture(dir: string | URL, file: string): Fixture {
  const path = typeof dir === 'string' ? dir : fileURLToPath(dir);
  return toFixture(file, JSON.parse(readFileSync(join(path, file), 'utf8')) as unknown);
}

/** Answer the next request that `match`es with the fixture's recorded response (a test replaying a documented exchange). */
export function replayFixture(server: SimServer, fixture: Fixture, match: (req: SimRequest) => boolean): void {
  const { status, headers, body } = fixture.response;
  server.injectFault({ kind: 'status', status, ...(headers ? { headers } : {}), body: typeof body === 'string' ? body : JSON.stringify(body) }, { match });
}

function toFixture(file: string, data: unknown): Fixture {
  const fail = (what: string): never => {
    throw new Error(`fixtures/${file}: ${what} (an exchange is { request: { method, path, query?, body? }, response: { status, body } })`);
  };
  const { request, response } = (data ?? {}) as { request?: Record<string, unknown>; response?: Record<string, unknown> };
  if (typeof request?.method !== 'string') fail('request.method is missing');
  if (typeof request?.path !== 'string') fail('request.path is missing');
  if (typeof response?.status !== 'number') fail('response.status is missing');
  if (!('body' in response!)) fail('response.body is missing');
  return { file, request: request as Fixture['request'], response: response as Fixture['response'] };
}

/** The tracking numbers a request asks about, as the courier plugin's kit options read them. */
export type NumbersOf = (request: Pick<SimRequest, 'method' | 'path' | 'query' | 'body'>) => string[];

/**
 * Serves fixtures in the kit: support exchanges (logins) for any request to their method and path, and
 * the tracking exchange under test only for the request it records (method, path and the same numbers).
 * Anything else is answered 404 and remembered, so a plugin that asks differently from the courier's
 * documented request fails by name.
 */
export class FixtureServer {
  readonly unexpected: string[] = [];
  #current: Fixture | null = null;

  private constructor(
    readonly server: SimServer,
    private readonly support: readonly Fixture[],
    private readonly basePath: string,
  ) {}

  /** `basePath`: the path of the courier's declared base URL, which recorded request paths start with. */
  static async start(support: readonly Fixture[], isTrack: (req: SimRequest) => boolean, numbersOf: NumbersOf, basePath: string): Promise<FixtureServer> {
    let fixtures: FixtureServer | undefined;
    const server = await SimServer.start((req) => fixtures!.#answer(req, isTrack, numbersOf));
    fixtures = new FixtureServer(server, support, basePath.replace(/\/$/, ''));
    return fixtures;
  }

  /** The base URL to configure: this server, under the same path as the courier's own base URL. */
  get url(): string {
    return `${this.server.url}${this.basePath}`;
  }

  serve(fixture: Fixture): void {
    this.#current = fixture;
    this.unexpected.length = 0;
  }

  close(): Promise<void> {
    return this.server.close();
  }

  #answer(req: SimRequest, isTrack: (req: SimRequest) => boolean, numbersOf: NumbersOf) {
    const same = (f: Fixture) => f.request.method.toUpperCase() === req.method.toUpperCase() && f.request.path === req.path;
    const fixture = isTrack(req)
      ? this.#current && same(this.#current) && sameNumbers(numbersOf(req), numbersOf(this.#current.request as SimRequest))
        ? this.#current
        : undefined
      : this.support.find(same);
    if (!fixture) {
      this.unexpected.push(`${req.method} ${req.path} ${JSON.stringify(isTrack(req) ? numbersOf(req) : req.query)}`);
      return { status: 404, json: { error: 'no fixture for this request' } };
    }
    const { status, headers, body } = fixture.response;
    return typeof body === 'string' ? { status, headers: headers ?? {}, text: body } : { status, headers: headers ?? {}, json: body };
  }
}

function sameNumbers(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && [...a].sort().join('\n') === [...b].sort().join('\n');
}

/** The fixture request's tracking numbers, in order, for asking the adapter exactly what the fixture records. */
export function fixtureNumbers(fixture: Fixture, numbersOf: NumbersOf): string[] {
  const numbers: unknown = numbersOf({ method: fixture.request.method, path: fixture.request.path, query: fixture.request.query ?? {}, body: fixture.request.body });
  if (!Array.isArray(numbers) || numbers.length === 0 || !numbers.every((n) => typeof n === 'string' && n !== '')) {
    throw new Error(`fixtures/${fixture.file}: the tracking numbers of its request cannot be read (got ${JSON.stringify(numbers)})`);
  }
  return numbers;
}
