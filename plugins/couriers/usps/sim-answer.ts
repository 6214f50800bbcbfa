import type { Scan } from './sim-stories.js';

/** A scan the simulator has served, with when it happened. */
export interface ServedScan {
  scan: Scan;
  at: Date;
}

/** The local zone the made-up places are in (USPS sends local times and their offset). */
const OFFSET = '-05:00';
const OFFSET_MS = -5 * 3_600_000;

const gmt = (at: Date) => `${at.toISOString().slice(0, 19)}Z`;
/** USPS's local times carry no zone and no seconds ("2024-11-22T13:58:00"). */
const local = (at: Date) => `${new Date(at.getTime() + OFFSET_MS).toISOString().slice(0, 16)}:00`;

function event({ scan, at }: ServedScan) {
  return {
    eventType: scan.eventType,
    eventTimestamp: local(at),
    GMTTimestamp: gmt(at),
    GMTOffset: OFFSET,
    eventCountry: null,
    eventCity: scan.city,
    eventState: scan.state,
    eventZIP: scan.zip,
    firm: null,
    name: null,
    authorizedAgent: 'false',
    eventCode: scan.eventCode,
    additionalProp: null,
  };
}

/**
 * The `expand=DETAIL` answer, shaped as a live one (Karrio's fixture): booleans as strings, scans newest
 * first, the piece's `status` and `statusCategory` those of its newest scan.
 */
export function detailAnswer(trackingNumber: string, served: readonly ServedScan[]) {
  const newest = served[served.length - 1]!;
  const status = newest.scan.status ?? newest.scan.eventType;
  const place = [newest.scan.city, [newest.scan.state, newest.scan.zip].filter(Boolean).join(' ')].filter(Boolean).join(', ');
  const delivered = newest.scan.category === 'Delivered';
  return {
    trackingNumber,
    destinationCity: 'HERNANDO',
    destinationState: 'FL',
    destinationZIP: '34442',
    emailEnabled: 'true',
    kahalaIndicator: 'false',
    mailClass: 'USPS Ground Advantage<SUP>&#153;</SUP>',
    mailType: 'DM',
    originCity: 'JAMAICA',
    originState: 'NY',
    originZIP: '11430',
    proofOfDeliveryEnabled: 'false',
    restoreEnabled: 'false',
    RRAMEnabled: 'false',
    RREEnabled: 'false',
    services: ['USPS Tracking<SUP>&#174;</SUP>', 'Up to $100 insurance included'],
    serviceTypeCode: '001',
    status,
    statusCategory: newest.scan.category,
    statusSummary: `${status}, ${local(newest.at).replace('T', ' ').slice(0, 16)}${place ? `, ${place}` : ''}.`,
    tableCode: 'T',
    uniqueMailPieceID: '110158946',
    mailPieceIntakeDate: `${local(served[0]!.at).replace('T', ' ')}.000000`,
    ...(delivered ? {} : { expectedDeliveryTimeStamp: `${local(new Date(served[0]!.at.getTime() + 4 * 86_400_000)).slice(0, 10)}T00:00:00Z`, onTime: 'true' }),
    trackingEvents: [...served].reverse().map(event),
  };
}

/** The default (`SUMMARY`) answer: one line of text per scan. */
export function summaryAnswer(trackingNumber: string, served: readonly ServedScan[]) {
  return { trackingNumber, eventSummaries: [...served].reverse().map(({ scan, at }) => `${scan.eventType}, ${local(at).replace('T', ' ').slice(0, 16)}, ${scan.city ?? ''}`) };
}
