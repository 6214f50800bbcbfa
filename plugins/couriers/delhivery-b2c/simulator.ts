import { SimServer, type SimRequest, type SimResponse } from 'waybill/testing';
import { IST } from '../../shared/ist.js';
import { TRACK_PATH } from './adapter.js';

export interface B2cScan {
  scan: string;
  scanType: string;
  /** IST wall-clock time as Delhivery writes it, e.g. "2026-03-09T18:10:52.124". */
  scanDateTime: string;
  statusCode?: string;
  instructions?: string;
  location?: string;
}

/** What one waybill answers: its current Status block, and optionally its scans (oldest first). */
export interface B2cShipmentScript {
  status: string;
  statusType: string;
  statusDateTime?: string;
  statusCode?: string;
  instructions?: string;
  location?: string;
  referenceNo?: string;
  /** Delhivery's PickUpDate (IST, no zone); null when the package was never picked up. */
  pickUpDate?: string | null;
  expectedDeliveryDate?: string;
  /** Delhivery's DispatchCount: how many times the package went out for delivery. */
  dispatchCount?: number;
  scans?: B2cScan[];
}

export interface B2cSimulatorOptions {
  token: string;
  /** Waybills per request Delhivery accepts (the seed's 50). */
  batchLimit?: number;
  /** How a batch with an unknown waybill is answered: left out, or the whole batch refused. */
  unknownWaybills?: 'omit' | 'reject-batch';
  now?: () => Date;
}

const NOT_FOUND = 'No such waybill or Order Id found';

/** Delhivery's B2C packages API, served locally with scripted waybills. Faults go through `server`. */
export class DelhiveryB2cSimulator {
  readonly #shipments = new Map<string, B2cShipmentScript>();
  #revoked = false;

  private constructor(
    readonly server: SimServer,
    private readonly options: Required<B2cSimulatorOptions>,
  ) {}

  static async start(options: B2cSimulatorOptions): Promise<DelhiveryB2cSimulator> {
    const full: Required<B2cSimulatorOptions> = { batchLimit: 50, unknownWaybills: 'omit', now: () => new Date(), ...options };
    let sim: DelhiveryB2cSimulator | undefined;
    const server = await SimServer.start((req) => sim!.#handle(req));
    sim = new DelhiveryB2cSimulator(server, full);
    return sim;
  }

  get url(): string {
    return this.server.url;
  }

  /** Requests that reached the tracking endpoint (faults included). */
  get trackRequests(): SimRequest[] {
    return this.server.requests.filter((r) => r.path === TRACK_PATH);
  }

  setShipment(awb: string, script: B2cShipmentScript): void {
    this.#shipments.set(awb, script);
  }

  setUnknownWaybills(mode: 'omit' | 'reject-batch'): void {
    this.options.unknownWaybills = mode;
  }

  /** Delhivery's key is static: once revoked every call answers 401 until `restoreTokens`. */
  revokeTokens(): void {
    this.#revoked = true;
  }

  restoreTokens(): void {
    this.#revoked = false;
  }

  async close(): Promise<void> {
    await this.server.close();
  }

  #handle(req: SimRequest): SimResponse {
    if (req.method !== 'GET' || req.path !== TRACK_PATH) return { status: 404, json: { detail: 'Not found.' } };
    if (this.#revoked || req.headers.authorization !== `Token ${this.options.token}`) {
      return { status: 401, json: { detail: 'Invalid token.' } };
    }
    const numbers = (req.query.waybill ?? '').split(',').map((n) => n.trim()).filter((n) => n !== '');
    if (numbers.length === 0) return { json: { rmk: 'waybill or ref_ids is required', Success: false, Error: 'No waybill given' } };
    if (numbers.length > this.options.batchLimit) {
      return { status: 400, json: { Success: false, Error: `At most ${this.options.batchLimit} waybills per request` } };
    }
    const known = numbers.filter((n) => this.#shipments.has(n));
    const rejectBatch = known.length < numbers.length && this.options.unknownWaybills === 'reject-batch';
    if (rejectBatch) {
      return { json: { rmk: `Some error has occurred. Please contact client.support@delhivery.com with error message- ${NOT_FOUND}`, Success: false, Error: NOT_FOUND } };
    }
    if (known.length === 0) return { json: { ShipmentData: [], Error: NOT_FOUND } };
    return { json: { ShipmentData: known.map((awb) => ({ Shipment: this.#shipment(awb, this.#shipments.get(awb)!) })) } };
  }

  #shipment(awb: string, s: B2cShipmentScript) {
    const at = s.statusDateTime ?? IST.wallClock(this.options.now());
    const scans = s.scans ?? [{ scan: s.status, scanType: s.statusType, scanDateTime: at, statusCode: s.statusCode, instructions: s.instructions, location: s.location }];
    return {
      AWB: awb,
      ReferenceNo: s.referenceNo ?? '',
      OrderType: 'Pre-paid',
      PickUpDate: s.pickUpDate ?? null,
      PickedupDate: s.pickUpDate ?? null,
      Origin: 'Bengaluru_Bomsndra_PC (Karnataka)',
      Destination: 'Mumbai',
      Consignee: { City: 'Mumbai', Name: 'Test Consignee', PinCode: 400093, State: 'Maharashtra', Country: 'India', Address1: [], Address2: [], Address3: '' },
      Status: {
        Status: s.status,
        StatusType: s.statusType,
        StatusCode: s.statusCode ?? '',
        StatusDateTime: at,
        StatusLocation: s.location ?? 'Mumbai_MIDC (Maharashtra)',
        Instructions: s.instructions ?? s.status,
        RecievedBy: '',
      },
      Scans: scans.map((scan) => ({
        ScanDetail: {
          Scan: scan.scan,
          ScanType: scan.scanType,
          ScanDateTime: scan.scanDateTime,
          StatusDateTime: scan.scanDateTime,
          StatusCode: scan.statusCode ?? '',
          Instructions: scan.instructions ?? scan.scan,
          ScannedLocation: scan.location ?? 'Mumbai_MIDC (Maharashtra)',
        },
      })),
      DispatchCount: s.dispatchCount ?? 0,
      ExpectedDeliveryDate: s.expectedDeliveryDate ?? null,
      PromisedDeliveryDate: s.expectedDeliveryDate ?? null,
      RTOStartedDate: s.statusType === 'RT' ? at : null,
      ReverseInTransit: s.statusType === 'RT',
    };
  }
}
