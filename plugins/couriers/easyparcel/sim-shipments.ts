import { randomBytes } from 'node:crypto';

/** One tracking event as the simulator keeps it. */
export interface SimScan {
  /** As EasyParcel writes it: "YYYY-MM-DD HH:MM:SS" (UTC) or ISO-8601. */
  at: string;
  code: number;
  text: string;
  location?: string | null;
}

export interface SimShipment {
  shipmentNumber: string;
  orderNumber: string;
  /** Oldest first; the newest one is the current status. */
  scans: SimScan[];
}

/** An instant as EasyParcel writes event dates: "2025-04-23 08:13:12". */
export const easyparcelDate = (at: Date): string => at.toISOString().slice(0, 19).replace('T', ' ');

const suffix = () => randomBytes(3).toString('hex').toUpperCase().slice(0, 5);

/** EasyParcel's own numbers for a shipment: `ES-2504-X2KV5`, `EI-2504-SKMTH`. */
export function newShipment(at: Date, scans: SimScan[]): SimShipment {
  const month = at.toISOString().slice(2, 7).replace('-', '');
  return { shipmentNumber: `ES-${month}-${suffix()}`, orderNumber: `EI-${month}-${suffix()}`, scans };
}

/** A `status: "success"` entry of `data.results`, its status_log newest first as the samples show it [doc]. */
export function successEntry(awb: string, s: SimShipment): Record<string, unknown> {
  const latest = s.scans.at(-1);
  return {
    status: 'success',
    awb_number: awb,
    shipment_number: s.shipmentNumber,
    order_number: s.orderNumber,
    latest_shipment_status_code: latest?.code ?? null,
    latest_tracking_status: latest?.text ?? null,
    latest_event_date: latest?.at ?? null,
    status_log: [...s.scans].reverse().map((scan) => ({
      event_date: scan.at,
      shipment_status_code: scan.code,
      tracking_status: scan.text,
      location: scan.location ?? null,
    })),
  };
}

/** The entry for an AWB EasyParcel does not know [doc]. */
export const notFoundEntry = (awb: string) => ({ awb_number: awb, status: 'not_found', message: 'AWB number not found' });
