import { BadResponse, expectArray, expectObject, isObject, Permanent, text, type CourierAdapter, type Json, type RawEvent, type TrackResult } from 'waybill';
import { IST } from '../../shared/ist.js';

export const TRACK_PATH = '/api/v1/packages/json/';
const NOT_FOUND = /no such waybill or order id found/i;

function toEvent(entry: unknown): RawEvent[] {
  const scan = isObject(entry) && isObject(entry.ScanDetail) ? entry.ScanDetail : undefined;
  const status = scan ? text(scan.Scan) : undefined;
  const at = scan ? IST.parse(scan.ScanDateTime ?? scan.StatusDateTime) : undefined;
  if (!scan || !status || !at) return [];
  return [
    {
      at,
      status,
      statusType: text(scan.ScanType),
      code: text(scan.StatusCode),
      location: text(scan.ScannedLocation),
      description: text(scan.Instructions),
    },
  ];
}

function toResult(trackingNumber: string, shipment: Json): TrackResult {
  const current = isObject(shipment.Status) ? shipment.Status : undefined;
  const status = current ? text(current.Status) : undefined;
  if (!current || !status) return { trackingNumber, found: false, reason: 'Delhivery returned the waybill without a status' };
  return {
    trackingNumber,
    found: true,
    status,
    statusType: text(current.StatusType),
    statusAt: IST.parse(current.StatusDateTime),
    code: text(current.StatusCode),
    description: text(current.Instructions),
    location: text(current.StatusLocation),
    eta: IST.parse(shipment.ExpectedDeliveryDate ?? shipment.PromisedDeliveryDate),
    reference: text(shipment.ReferenceNo),
    fields: { pickupDate: IST.parse(shipment.PickUpDate), dispatchCount: shipment.DispatchCount },
    events: Array.isArray(shipment.Scans) ? shipment.Scans.flatMap(toEvent) : [],
  };
}

/**
 * Delhivery answers an unknown waybill with HTTP 200 and an error instead of data. In a batch it may
 * leave the unknown one out, or refuse the whole batch: then nobody knows which waybill is unknown, so
 * the batch is refused as a whole and the core asks again in halves until the unknown one stands alone.
 */
function notFound(numbers: readonly string[], error: string): TrackResult[] {
  if (numbers.length > 1) throw new Permanent(`Delhivery refused the whole batch of ${numbers.length} waybills: ${error}`);
  return numbers.map((trackingNumber) => ({ trackingNumber, found: false, reason: `Delhivery: ${error}` }));
}

/** GET /api/v1/packages/json/?waybill=a,b,… (up to 50); results in ShipmentData[].Shipment. */
export const delhiveryB2cAdapter: CourierAdapter = {
  async track(batch, { http }) {
    const numbers = batch.map((s) => s.trackingNumber);
    const res = await http.get(TRACK_PATH, { waybill: numbers.join(',') });
    const body = expectObject(res.body, 'the tracking response');
    const error = text(body.Error);
    const data = body.ShipmentData === undefined ? [] : expectArray(body.ShipmentData, 'ShipmentData');
    if (error !== undefined && data.length === 0) {
      if (NOT_FOUND.test(error)) return notFound(numbers, error);
      throw new BadResponse('unexpected_shape', `Delhivery answered with an error: ${error}`);
    }
    if (body.ShipmentData === undefined) throw new BadResponse('unexpected_shape', `response has no ShipmentData`);

    const byAwb = new Map<string, Json>();
    for (const item of data) {
      const shipment = isObject(item) && isObject(item.Shipment) ? item.Shipment : undefined;
      const awb = shipment ? text(shipment.AWB) : undefined;
      if (shipment && awb && !byAwb.has(awb)) byAwb.set(awb, shipment);
    }
    return numbers.map((trackingNumber) => {
      const shipment = byAwb.get(trackingNumber);
      return shipment
        ? toResult(trackingNumber, shipment)
        : { trackingNumber, found: false, reason: 'Delhivery left this waybill out of its batch answer (unknown waybill)' };
    });
  },
};
