import { SimServer, type SimRequest, type SimResponse } from 'waybill/testing';
import { IST } from '../../shared/ist.js';
import { numbersOf, TRACK_PATH, type Format } from './api.js';
import { BATCH_LIMIT } from './declaration.js';
import { renderAnswer, type AnswerElement, type ShipmentScript } from './sim-render.js';

export interface BlueDartSimulatorOptions {
  loginId: string;
  licenceKey: string;
  /** Waybills per request the simulator accepts (Blue Dart's own limit is not published). */
  batchLimit?: number;
  /**
   * How a waybill Blue Dart does not know is answered: a Shipment with StatusType NF (the servlet's
   * answer), or — when no waybill of the request is known — one Error for the request (the gateway's).
   */
  unknownWaybills?: 'shipment' | 'error';
  now?: () => Date;
}

export const isTrackRequest = (req: Pick<SimRequest, 'method' | 'path' | 'query'>): boolean =>
  req.method === 'GET' && req.path === TRACK_PATH && req.query.action === 'custawbquery';

/** Blue Dart's words when no waybill of the request is known, and for a login id / licence key it refuses. */
export const NO_INFORMATION_ERROR = 'Incorrect waybill number or No information';
export const LICENCE_REFUSED = 'License Mismatch';

const NOT_FOUND_PAGE: SimResponse = { status: 404, headers: { 'content-type': 'text/html' }, text: '<html><body><h1>404 Not Found</h1></body></html>' };

/**
 * Blue Dart's tracking servlet, served locally with scripted waybills: answers in the requested format,
 * refuses a wrong login id or licence key with "License Mismatch" (HTTP 200), and adds an RTO's return
 * waybill to the answer as Blue Dart does. Transport faults (429, 5xx, timeouts, cut bodies) go through `server`.
 */
export class BlueDartSimulator {
  readonly #shipments = new Map<string, ShipmentScript>();
  #licenceRefused = false;
  #cutNextAnswer = false;

  private constructor(
    readonly server: SimServer,
    private readonly options: Required<BlueDartSimulatorOptions>,
  ) {}

  static async start(options: BlueDartSimulatorOptions): Promise<BlueDartSimulator> {
    const full: Required<BlueDartSimulatorOptions> = { batchLimit: BATCH_LIMIT, unknownWaybills: 'shipment', now: () => new Date(), ...options };
    let sim: BlueDartSimulator | undefined;
    const server = await SimServer.start((req) => sim!.#handle(req));
    sim = new BlueDartSimulator(server, full);
    return sim;
  }

  get url(): string {
    return this.server.url;
  }

  /** Requests that reached the tracking servlet, faults included. */
  get trackRequests(): SimRequest[] {
    return this.server.requests.filter(isTrackRequest);
  }

  setShipment(waybill: string, script: ShipmentScript): void {
    this.#shipments.set(waybill, script);
  }

  setUnknownWaybills(mode: 'shipment' | 'error'): void {
    this.options.unknownWaybills = mode;
  }

  /** Every request is answered "License Mismatch" (a revoked or mistyped licence key) until `acceptLicence`. */
  refuseLicence(): void {
    this.#licenceRefused = true;
  }

  acceptLicence(): void {
    this.#licenceRefused = false;
  }

  /** The next answer stops halfway through its document (a complete HTTP response with a partial body). */
  cutNextAnswer(): void {
    this.#cutNextAnswer = true;
  }

  /** The next `times` tracking requests are refused 429 with the gateway's spike-arrest body and `headers`. */
  throttle(headers: Record<string, string>, times = 1): void {
    const body = JSON.stringify({ fault: { faultstring: 'Spike arrest violation. Allowed rate : 30pm', detail: { errorcode: 'policies.ratelimit.SpikeArrestViolation' } } });
    this.server.injectFault({ kind: 'status', status: 429, headers, body }, { match: isTrackRequest, times });
  }

  async close(): Promise<void> {
    await this.server.close();
  }

  #handle(req: SimRequest): SimResponse {
    if (!isTrackRequest(req) || req.query.handler !== 'tnt') return NOT_FOUND_PAGE;
    // The servlet answers XML unless asked for JSON.
    const format: Format = req.query.format?.toLowerCase() === 'json' ? 'json' : 'xml';
    if (this.#licenceRefused || req.query.loginid !== this.options.loginId || req.query.lickey !== this.options.licenceKey) {
      return this.#answer(format, { error: LICENCE_REFUSED });
    }
    const numbers = numbersOf(req.query);
    if (numbers.length > this.options.batchLimit) {
      return { status: 400, headers: { 'content-type': 'text/plain' }, text: `simulator: at most ${this.options.batchLimit} waybills per request, got ${numbers.length}` };
    }
    const elements = numbers.flatMap((waybill) => this.#elementsFor(waybill, numbers));
    if (elements.every((e) => 'unknown' in e) && (numbers.length === 0 || this.options.unknownWaybills === 'error')) {
      return this.#answer(format, { error: NO_INFORMATION_ERROR });
    }
    return this.#answer(format, { elements, now: IST.wallClock(this.options.now()).slice(0, 16) });
  }

  /** The waybill's Shipment, and after an RTO's the return waybill's (when the request did not ask for it too). */
  #elementsFor(waybill: string, asked: readonly string[]): AnswerElement[] {
    const script = this.#shipments.get(waybill);
    if (!script) return [{ waybill, unknown: true }];
    const returned = script.statusType === 'RT' && script.newWaybillNo ? script.newWaybillNo : undefined;
    const returnScript = returned && !asked.includes(returned) ? this.#shipments.get(returned) : undefined;
    return [{ waybill, script }, ...(returned && returnScript ? [{ waybill: returned, script: returnScript }] : [])];
  }

  #answer(format: Format, answer: Parameters<typeof renderAnswer>[1]): SimResponse {
    const { body, contentType } = renderAnswer(format, answer);
    const cut = this.#cutNextAnswer;
    this.#cutNextAnswer = false;
    return { status: 200, headers: { 'content-type': contentType }, text: cut ? body.slice(0, Math.floor(body.length / 2)) : body };
  }
}
