import { SimServer, type SimRequest, type SimResponse } from 'waybill/testing';
import { IST } from '../../shared/ist.js';

export const TRACK_PATH = '/v3/unified-tracking-new';
export const ORIGIN = 'https://www.delhivery.com';
export const INVALID_MESSAGE = 'invalid AWB or very old package';
export const END_STATE_MESSAGE = 'tracking details are not visible if the shipment reached end state 7 or more days ago';

export interface FallbackScan {
  scan: string;
  scanType?: string;
  /** IST wall-clock time, no zone; live captures also show "" here. */
  scanDateTime: string;
  remark?: string;
  location?: string;
}

export interface FallbackShipmentScript {
  status: string;
  statusType?: string;
  statusDateTime?: string;
  hqStatus?: string;
  referenceNo?: string;
  scans?: FallbackScan[];
}

export interface FallbackSimulatorOptions {
  now?: () => Date;
}

/**
 * Delhivery's public unified-tracking endpoint, served locally: keyless, but 401 without the website's
 * Origin; unknown waybills get the "invalid AWB" envelope, ended ones the "end state" one.
 */
export class DelhiveryFallbackSimulator {
  readonly #shipments = new Map<string, FallbackShipmentScript>();
  readonly #ended = new Set<string>();

  private constructor(
    readonly server: SimServer,
    private readonly now: () => Date,
  ) {}

  static async start(options: FallbackSimulatorOptions = {}): Promise<DelhiveryFallbackSimulator> {
    let sim: DelhiveryFallbackSimulator | undefined;
    const server = await SimServer.start((req) => sim!.#handle(req));
    sim = new DelhiveryFallbackSimulator(server, options.now ?? (() => new Date()));
    return sim;
  }

  get url(): string {
    return this.server.url;
  }

  get trackRequests(): SimRequest[] {
    return this.server.requests.filter((r) => r.path === TRACK_PATH);
  }

  setShipment(awb: string, script: FallbackShipmentScript): void {
    this.#ended.delete(awb);
    this.#shipments.set(awb, script);
  }

  /** The shipment ended 7+ days ago: Delhivery no longer shows it. */
  endShipment(awb: string): void {
    this.#ended.add(awb);
  }

  async close(): Promise<void> {
    await this.server.close();
  }

  #handle(req: SimRequest): SimResponse {
    if (req.method !== 'GET' || req.path !== TRACK_PATH) return { status: 404, json: { message: 'Not Found' } };
    if (req.headers.origin !== ORIGIN || !String(req.headers.referer ?? '').startsWith(ORIGIN)) {
      return { status: 401, json: { message: 'ERROR: Invalid Origin' } };
    }
    const awb = req.query.wbn ?? '';
    if (this.#ended.has(awb)) return { json: { statusCode: 200, message: END_STATE_MESSAGE, data: [] } };
    const script = this.#shipments.get(awb);
    if (!script) return { json: { statusCode: 200, message: INVALID_MESSAGE, data: [] } };
    return { json: { statusCode: 200, message: 'Success', data: [this.#entry(awb, script)] } };
  }

  #entry(awb: string, s: FallbackShipmentScript) {
    const at = s.statusDateTime ?? IST.wallClock(this.now());
    const scans = s.scans ?? [{ scan: s.status, scanType: s.statusType, scanDateTime: at, remark: s.status }];
    return {
      awb,
      currentFlow: s.statusType === 'RT' ? 'RTO' : 'Forward',
      currentTrackIndex: 0,
      deliveryDate: '',
      hqStatus: s.hqStatus ?? s.status,
      productType: 'B2C',
      referenceNo: s.referenceNo ?? '',
      status: { instructions: s.status, status: s.status, statusDateTime: at, ...(s.statusType ? { statusType: s.statusType } : {}) },
      trackingStates: [
        {
          date: '',
          label: 'IN TRANSIT',
          stepStatus: 'current',
          scanDateTime: '',
          scans: scans.map((scan) => ({
            cityLocation: 'Example City',
            scan: scan.scan,
            scanDate: scan.scanDateTime.slice(0, 10),
            scanDateTime: scan.scanDateTime,
            scanNslRemark: scan.remark ?? scan.scan,
            scanType: scan.scanType ?? '',
            scannedLocation: scan.location ?? 'Faridabad_MathuraRoad_GW (Haryana)',
          })),
        },
      ],
    };
  }
}
