/** Source files of a new courier plugin, laid out as the plugins in plugins/couriers are; they import only the package. */
export interface TemplateVars {
  name: string;
  constName: string;
  className: string;
  envPrefix: string;
}

/** The most numbers the generated simulator accepts in one request (declared as the plugin's batchLimit). */
const MAX_BATCH = 10;

export const declarationTemplate = (v: TemplateVars) => `import type { CourierDeclaration } from 'waybill';
import { STATUS_TABLE } from './statuses.js';

/** Replace every value with what the courier documents, and say where it comes from in README.md. */
export const ${v.constName}Declaration: CourierDeclaration = {
  name: '${v.name}',
  displayName: '${v.className}',
  batchSize: ${MAX_BATCH},
  /** The most numbers the courier accepts in one request: a larger batch size is refused at start. */
  batchLimit: ${MAX_BATCH},
  quota: { requests: 60, windowSeconds: 60 },
  concurrency: 2,
  schedule: { cron: '*/15 * * * *', runOnStart: true, maxPerRun: 5000 },
  auth: { kind: 'header', header: 'Authorization', scheme: 'Bearer', credential: 'api_key' },
  credentials: ['api_key'],
  endpoints: { baseUrl: 'https://api.${v.name}.example' },
  statuses: STATUS_TABLE,
};
`;

export const statusesTemplate = () => `import { NO_CHANGE, type StatusTable } from 'waybill';

/** Every raw status the courier's documentation lists (the contract kit checks the table covers each). */
export const DOCUMENTED_STATUSES = [
  'CREATED',
  'LABEL_PRINTED',
  'PICKED_UP',
  'IN_TRANSIT',
  'OUT_FOR_DELIVERY',
  'ATTEMPT_FAILED',
  'DELIVERED',
  'RETURNING',
  'RETURNED',
  'CANCELLED',
  'LOST',
] as const;

export const STATUS_TABLE: StatusTable = [
  { status: 'CREATED', to: 'info_received' },
  { status: 'LABEL_PRINTED', to: NO_CHANGE },
  { status: 'PICKED_UP', to: 'picked_up' },
  { status: 'IN_TRANSIT', to: 'in_transit' },
  { status: 'OUT_FOR_DELIVERY', to: 'out_for_delivery' },
  { status: 'ATTEMPT_FAILED', to: 'delivery_failed' },
  { status: 'DELIVERED', to: 'delivered' },
  { status: 'RETURNING', to: 'rto_in_transit' },
  { status: 'RETURNED', to: 'rto_delivered' },
  { status: 'CANCELLED', to: 'cancelled' },
  { status: 'LOST', to: 'lost' },
];
`;

export const adapterTemplate = (v: TemplateVars) => `import { expectArray, expectObject, isObject, text, type CourierAdapter, type TrackResult } from 'waybill';

/** GET /v1/tracking?numbers=a,b,… → { shipments: [{ number, status, updated_at, events }], not_found: [number] } */
export const ${v.constName}Adapter: CourierAdapter = {
  async track(batch, { http }) {
    const res = await http.get('/v1/tracking', { numbers: batch.map((s) => s.trackingNumber).join(',') });
    const body = expectObject(res.body, 'the tracking response');
    const results: TrackResult[] = [];
    for (const item of expectArray(body.shipments ?? [], 'shipments')) {
      const trackingNumber = isObject(item) ? text(item.number) : undefined;
      const status = isObject(item) ? text(item.status) : undefined;
      if (!isObject(item) || !trackingNumber || !status) continue;
      const events = Array.isArray(item.events) ? item.events.filter(isObject) : [];
      results.push({
        trackingNumber,
        found: true,
        status,
        statusAt: text(item.updated_at),
        events: events.flatMap((e) => {
          const [at, s] = [text(e.at), text(e.status)];
          return at && s ? [{ at, status: s, location: text(e.location) }] : [];
        }),
      });
    }
    for (const number of expectArray(body.not_found ?? [], 'not_found')) {
      const trackingNumber = text(number);
      if (trackingNumber) results.push({ trackingNumber, found: false, reason: 'unknown to ${v.name}' });
    }
    return results;
  },
};
`;

export const simulatorTemplate = (v: TemplateVars) => `import { readFileSync } from 'node:fs';
import { SimServer, type SimRequest, type SimResponse } from 'waybill/testing';

interface SimulatorData {
  /** The most numbers one request may carry, as the courier documents it. */
  maxBatch: number;
  shipments: Record<string, { status: string; updated_at: string; events: { at: string; status: string; location?: string }[] }>;
}

/** Answers any tracking number in simulator-data.json in the courier's response shape, with its auth and batch limit. */
export class ${v.className}Simulator {
  private constructor(
    readonly server: SimServer,
    readonly data: SimulatorData,
  ) {}

  static async start(apiKey: string): Promise<${v.className}Simulator> {
    // Read when a test starts the simulator, not when the plugin is loaded (the service never needs it).
    const data = JSON.parse(readFileSync(new URL('./simulator-data.json', import.meta.url), 'utf8')) as SimulatorData;
    const handle = (req: SimRequest): SimResponse => {
      if (req.headers.authorization !== \`Bearer \${apiKey}\`) return { status: 401, json: { error: 'invalid api key' } };
      if (req.method !== 'GET' || req.path !== '/v1/tracking') return { status: 404, json: { error: 'no such route' } };
      const numbers = (req.query.numbers ?? '').split(',').filter((n) => n !== '');
      if (numbers.length === 0 || numbers.length > data.maxBatch) {
        return { status: 400, json: { error: \`between 1 and \${data.maxBatch} numbers per request\` } };
      }
      return {
        json: {
          shipments: numbers.filter((n) => data.shipments[n]).map((n) => ({ number: n, ...data.shipments[n] })),
          not_found: numbers.filter((n) => !data.shipments[n]),
        },
      };
    };
    return new ${v.className}Simulator(await SimServer.start(handle), data);
  }

  get url(): string {
    return this.server.url;
  }

  close(): Promise<void> {
    return this.server.close();
  }
}
`;

export const simulatorDataTemplate = () => {
  const statuses = ['IN_TRANSIT', 'PICKED_UP', 'OUT_FOR_DELIVERY', 'IN_TRANSIT'];
  const shipments = Object.fromEntries(
    Array.from({ length: 24 }, (_, i) => {
      const status = statuses[i % statuses.length]!;
      return [
        `TRK${String(i + 1).padStart(6, '0')}`,
        {
          status,
          updated_at: '2026-04-30T09:00:00Z',
          events: [
            { at: '2026-04-29T08:00:00Z', status: 'CREATED', location: 'Seller' },
            { at: '2026-04-30T09:00:00Z', status, location: 'Hub' },
          ],
        },
      ];
    }),
  );
  return `${JSON.stringify({ maxBatch: MAX_BATCH, shipments }, null, 2)}\n`;
};

/** One exchange as the courier's documentation shows it; the kit checks the adapter asks exactly this. */
export const trackFixtureTemplate = () =>
  `${JSON.stringify(
    {
      _source: 'TODO: the documentation page (or the recording) this exchange comes from',
      request: { method: 'GET', path: '/v1/tracking', query: { numbers: 'TRK900001,TRK900002,TRK900404' } },
      response: {
        status: 200,
        body: {
          shipments: [
            { number: 'TRK900001', status: 'DELIVERED', updated_at: '2026-04-30T15:20:00Z', events: [{ at: '2026-04-30T15:20:00Z', status: 'DELIVERED', location: 'Customer' }] },
            { number: 'TRK900002', status: 'RETURNING', updated_at: '2026-04-30T11:00:00Z', events: [{ at: '2026-04-30T11:00:00Z', status: 'RETURNING', location: 'Hub' }] },
          ],
          not_found: ['TRK900404'],
        },
      },
    },
    null,
    2,
  )}\n`;

export const indexTemplate = (v: TemplateVars) => `import { defineCourier } from 'waybill';
import { ${v.constName}Adapter } from './adapter.js';
import { ${v.constName}Declaration } from './declaration.js';

export { ${v.className}Simulator } from './simulator.js';

export default defineCourier(${v.constName}Declaration, ${v.constName}Adapter);
`;

export const testingTemplate = (v: TemplateVars) => `import { ManualClock, startCourierHarness, type CourierContractOptions, type Harness, type SimRequest } from 'waybill/testing';
import plugin, { ${v.className}Simulator } from './index.js';
import { DOCUMENTED_STATUSES } from './statuses.js';

/** The API key the tests configure and the simulator accepts. */
export const API_KEY = 'kit-api-key-${v.name}-0001';
export const START = '2026-05-01T06:00:00.000Z';

export const isTrackRequest = (req: SimRequest): boolean => req.path === '/v1/tracking';
export const trackingNumbersOf = (req: Pick<SimRequest, 'query'>): string[] => (req.query.numbers ?? '').split(',').filter((n) => n !== '');

let used = 0;

/** The contract kit's options for this courier. */
export function ${v.constName}Contract(): CourierContractOptions<${v.className}Simulator> {
  return {
    plugin,
    simulator: () => ${v.className}Simulator.start(API_KEY),
    credentials: { api_key: API_KEY },
    fixtures: new URL('./fixtures/', import.meta.url),
    known: (sim, count) => {
      const numbers = Object.keys(sim.data.shipments);
      if (used + count > numbers.length) used = 0;
      used += count;
      return numbers.slice(used - count, used);
    },
    unknown: 'TRK999999',
    isTrackRequest,
    trackingNumbersOf,
    documentedStatuses: DOCUMENTED_STATUSES,
  };
}

/** The real app with this courier pointed at a fresh simulator, on a manual clock at START. */
export async function start${v.className}(t: { teardown(fn: () => unknown): void }): Promise<Harness<${v.className}Simulator> & { clock: ManualClock }> {
  const clock = new ManualClock(START);
  const harness = await startCourierHarness(t, { plugin, simulator: () => ${v.className}Simulator.start(API_KEY), credentials: { api_key: API_KEY }, clock });
  return { ...harness, clock };
}
`;

export const kitTestTemplate = (v: TemplateVars) => `import t from 'tap';
import { runCourierContract } from 'waybill/testing';
import { ${v.constName}Contract } from './testing.js';

runCourierContract(t, ${v.constName}Contract());
`;

export const readmeTemplate = (v: TemplateVars) => `# ${v.className} courier plugin

> Generated by \`waybill new-courier ${v.name}\`. Replace every TODO with facts from the courier's public
> documentation, and name the source of each fact below.

## API
- Tracking endpoint: TODO (method, path, how several numbers are sent, the most per request)
- Auth: TODO (key header / login for a token / OAuth2 client credentials; lifetime; refresh)
- Rate limit: TODO (requests per window; what a 429 carries)
- Not found: TODO (left out of the response, or an error entry)
- Status vocabulary: TODO (every raw status; \`DOCUMENTED_STATUSES\` in statuses.ts must list them all)

## Configuration
| variable | default |
|---|---|
| \`${v.envPrefix}API_KEY\` | (required) |
| \`${v.envPrefix}BASE_URL\` | \`https://api.${v.name}.example\` |
| \`${v.envPrefix}ENABLED\`, \`_CRON\`, \`_BATCH_SIZE\`, \`_CONCURRENCY\`, \`_QUOTA_REQUESTS\`, \`_QUOTA_WINDOW_SECONDS\`, … | from declaration.ts (see the main README) |

## Sources
- TODO: each fact above, with its source and how sure it is.
`;
