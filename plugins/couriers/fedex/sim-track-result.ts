/** A scan as the simulator serves it in `scanEvents` (FedEx's fields, newest first in the answer). */
export interface FedExScan {
  /** ISO-8601 with the local offset, as FedEx writes it ("2024-08-20T12:41:57-04:00"). */
  date: string;
  eventType: string;
  eventDescription?: string;
  exceptionCode?: string;
  exceptionDescription?: string;
  /** Defaults as live answers derive them (OD, AR, DP … → IT; OC → IN). */
  derivedStatusCode?: string;
  city?: string;
  stateOrProvinceCode?: string;
  countryCode?: string;
}

export interface FedExAncillaryDetail {
  reason: string;
  reasonDescription: string;
  action?: string;
  actionDescription?: string;
}

/** A scripted package: its latest status, scans and the other fields the adapter reads. */
export interface FedExPackage {
  code: string;
  /** Defaults to `code`; null leaves `derivedCode` out (older answers). */
  derivedCode?: string | null;
  description?: string;
  ancillaryDetails?: FedExAncillaryDetail[];
  city?: string;
  stateOrProvinceCode?: string;
  countryCode?: string;
  /** Any order: served newest first, as FedEx does. */
  scans?: FedExScan[];
  dateAndTimes?: { type: string; dateTime: string }[];
  estimatedDeliveryTimeWindow?: { begins?: string; ends?: string };
  packageIdentifiers?: { type: string; values: string[] }[];
  hasAssociatedShipments?: boolean;
  /** Multi-piece shipments: this package's place and the piece count. */
  sequenceNumber?: number;
  count?: number;
  trackingNumberUniqueId?: string;
}

/** How live answers derive a scan's status code from its type [code: recorded answers]. */
const DERIVED: Record<string, string> = { OC: 'IN', AR: 'IT', AF: 'IT', DP: 'IT', AO: 'IT', OD: 'IT', HP: 'IT', IT: 'IT', FD: 'IT', AE: 'IT' };

const DESCRIPTIONS: Record<string, string> = {
  OC: 'Shipment information sent to FedEx',
  PU: 'Picked up',
  AR: 'Arrived at FedEx location',
  DP: 'Departed FedEx location',
  IT: 'On the way',
  OD: 'On FedEx vehicle for delivery',
  DL: 'Delivered',
  DE: 'Delivery exception',
  HP: 'Ready for recipient pickup',
};

const address = (a: { city?: string; stateOrProvinceCode?: string; countryCode?: string }) => ({
  ...(a.city ? { city: a.city } : {}),
  ...(a.stateOrProvinceCode ? { stateOrProvinceCode: a.stateOrProvinceCode } : {}),
  ...(a.countryCode ? { countryCode: a.countryCode } : {}),
  residential: false,
});

function scanEvent(s: FedExScan) {
  return {
    date: s.date,
    eventType: s.eventType,
    eventDescription: s.eventDescription ?? DESCRIPTIONS[s.eventType] ?? s.eventType,
    exceptionCode: s.exceptionCode ?? '',
    exceptionDescription: s.exceptionDescription ?? '',
    scanLocation: { streetLines: [''], ...address(s) },
    locationType: 'FEDEX_FACILITY',
    derivedStatusCode: s.derivedStatusCode ?? DERIVED[s.eventType] ?? s.eventType,
    derivedStatus: s.eventDescription ?? DESCRIPTIONS[s.eventType] ?? s.eventType,
  };
}

/** The `trackResults[]` element FedEx answers for a known package (the fields of recorded answers). */
export function trackResultOf(trackingNumber: string, p: FedExPackage) {
  const scans = [...(p.scans ?? [])].sort((a, b) => Date.parse(b.date) - Date.parse(a.date));
  const derivedCode = p.derivedCode === undefined ? p.code : p.derivedCode;
  return {
    trackingNumberInfo: { trackingNumber, trackingNumberUniqueId: p.trackingNumberUniqueId ?? `12029~${trackingNumber}~FDEG`, carrierCode: 'FDXG' },
    additionalTrackingInfo: { nickname: '', packageIdentifiers: p.packageIdentifiers ?? [], hasAssociatedShipments: p.hasAssociatedShipments ?? false },
    latestStatusDetail: {
      code: p.code,
      ...(derivedCode === null ? {} : { derivedCode }),
      statusByLocale: p.description ?? DESCRIPTIONS[p.code] ?? p.code,
      description: p.description ?? DESCRIPTIONS[p.code] ?? p.code,
      scanLocation: address(p),
      ...(p.ancillaryDetails ? { ancillaryDetails: p.ancillaryDetails } : {}),
    },
    dateAndTimes: p.dateAndTimes ?? [],
    packageDetails: { sequenceNumber: String(p.sequenceNumber ?? 1), count: String(p.count ?? 1) },
    scanEvents: scans.map(scanEvent),
    serviceDetail: { type: 'FEDEX_GROUND', description: 'FedEx Ground', shortDescription: 'FG' },
    estimatedDeliveryTimeWindow: { window: p.estimatedDeliveryTimeWindow ?? {} },
    returnDetail: {},
  };
}

/** A per-number error inside the 200 [doc][code]. */
export const NOT_FOUND_ERROR = { code: 'TRACKING.TRACKINGNUMBER.NOTFOUND', message: 'Tracking number cannot be found. Please correct the tracking number and try again.' };
export const INVALID_ERROR = { code: 'TRACKING.TRACKINGNUMBER.INVALID', message: 'Invalid tracking number.' };

export function errorResultOf(trackingNumber: string, error: { code: string; message: string }) {
  return { trackingNumberInfo: { trackingNumber, trackingNumberUniqueId: '', carrierCode: '' }, error };
}
